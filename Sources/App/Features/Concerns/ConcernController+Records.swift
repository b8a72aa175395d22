// What a case's page says about how long the case is kept: under a legal hold, listed for removal, or kept by the
// retention schedule (issue 17), so the handling team learns it on the case rather than from a list elsewhere.

import Fluent
import StewardCore
import Vapor

extension ConcernController {
    /// The line for the case's "Records" entry, for a reader who sees the case in full.
    static func recordsLine(_ item: Case, reader: UUID, on db: any Database) async throws -> String {
        let caseID = try item.requireID()
        // A hold on the case, or on a person it is about (never one on the reader, which is not theirs to learn).
        let people = [item.reporterID] + (item.subjectPersonID.map { [$0] } ?? [])
        let holds = try await LegalHold.query(on: db).inSchool(item.schoolID).filter(\.$liftedAt == nil).group(.or) {
            $0.filter(\.$caseID == caseID).filter(\.$personID ~~ people)
        }.all().filter { $0.personID != reader }
        if let hold = holds.min(by: { $0.placedAt < $1.placedAt }) {
            return "Kept under a legal hold placed \(Display.date(hold.placedAt)): nothing of it is removed until the "
                + "hold is lifted."
        }
        let listed = try await PurgeNotice.query(on: db).inSchool(item.schoolID).filter(\.$caseID == caseID)
            .sort(\.$removeOn).all()
        if let first = listed.first, let day = CalendarDate(parsing: first.removeOn) {
            let whole = listed.contains { $0.recordID == caseID }
            return
                (whole
                ? "To be removed on \(day.longForm)"
                : "Some of its records are to be removed from "
                    + day.longForm) + " under the retention schedule. A legal hold keeps it if it must be kept longer."
        }
        if item.state == .closed {
            return "Kept under the retention schedule. It is listed on “What will be removed” at least "
                + "\(PurgePlanner.noticeDays) days before anything of it goes."
        }
        return "Kept while the case is open; the retention schedule's period starts when it is closed."
    }
}
