// Records management as home-page figures, without names: requests about records waiting for an answer, for those who
// answer them; records the purge will soon remove, for those who manage the schedule (on a trust administrator's
// table of schools, one column each).

import Fluent
import StewardCore
import Vapor

extension RecordsFeature {
    func figures(for actor: Actor, schoolID: UUID, on db: any Database) async throws -> [HomeFigure] {
        let reader = actor.workingIn(schoolID)
        let today = try await School.find(schoolID, on: db)?.clock.date(of: Date()) ?? CalendarDate(Date())
        var figures: [HomeFigure] = []
        if AccessPolicy.can(reader, .handleRecordsRequests) == .allowed {
            // As on the home page's list: a request about the reader is someone else's to answer, and not theirs to
            // count.
            let open = try await RecordsRequest.query(on: db).inSchool(schoolID).filter(\.$outcome == nil)
                .filter(\.$personID != actor.personID).all()
            let late = open.filter { CalendarDate(parsing: $0.dueOn).map { $0 < today } ?? false }.count
            figures.append(
                HomeFigure(
                    title: "Records requests waiting for an answer", value: String(open.count),
                    detail: open.isEmpty ? "None waiting" : late == 0 ? "None late" : "\(late) late",
                    href: RetentionPaths.requests(), attention: late > 0))
        }
        if AccessPolicy.can(reader, .manageRetention) == .allowed {
            // As on the list itself: nothing of a case the reader may not know exists, nothing about them.
            let soon = try await Self.removalsSoon(seenBy: reader, schoolID: schoolID, on: db)
            figures.append(
                HomeFigure(
                    title: "Records to be removed soon", value: String(soon?.count ?? 0),
                    detail: soon.map { $0.count > 0 ? "The first \($0.from)" : "None in notice" } ?? "None in notice",
                    href: RetentionPaths.due(), attention: false))
        }
        return figures
    }
}
