// What concerns put on home pages: for the people handling them, concerns not yet looked at and cases gone quiet (by
// reference only); for governors and trust administrators, how many are open and for how long (no names).

import Fluent
import StewardCore
import Vapor

extension ConcernsFeature {
    /// Cases of the current school that `actor` handles and that need them: new ones (overdue after a working day) and
    /// open ones without an entry for 14 days. A reference and a date only: the home page may be seen over a shoulder.
    func work(for actor: Actor, person: Person, on db: any Database) async throws -> [WorkItem] {
        let open = try await Case.query(on: db).inSchool(actor.schoolID).filter(\.$state != .closed).all()
        guard !open.isEmpty else { return [] }
        let facts = try await Cases.facts(of: open, on: db)
        let clock = Display.clock
        let now = Date()
        var items: [WorkItem] = []
        for item in open {
            guard let id = item.id, let caseFacts = facts[id],
                case .full(canHandle: true) = CaseAccess.visibility(of: caseFacts, to: actor)
            else { continue }
            let overdue = CaseDeadlines.isOverdue(
                state: item.state, reported: item.createdAt, lastEntry: item.lastEntryAt, now: now, clock: clock)
            if item.state == .new {
                items.append(
                    WorkItem(
                        title: "Concern \(item.reference) has not been looked at yet", href: ConcernPaths.show(id),
                        status: (overdue
                            ? "Reported \(Display.time(item.createdAt)): overdue, please look at it today"
                            : "Reported \(Display.time(item.createdAt))")
                            + ". It stays here until it is moved on from New.",
                        urgent: overdue, at: item.createdAt))
            } else if overdue {
                let days = Int(now.timeIntervalSince(item.lastEntryAt) / 86_400)
                items.append(
                    WorkItem(
                        title: "Case \(item.reference) has had no entry for \(days) days", href: ConcernPaths.show(id),
                        status: "\(item.state.title); last entry \(Display.date(item.lastEntryAt))", urgent: true,
                        at: item.lastEntryAt))
            }
        }
        return items
    }

    /// Open concerns and how long they have been open, counted as the figures page counts them (leaving out any whose
    /// existence this viewer must not learn).
    func figures(for actor: Actor, schoolID: UUID, on db: any Database) async throws -> [HomeFigure] {
        guard AccessPolicy.can(actor, .viewCaseFigures, .schoolRecord(schoolID: schoolID)) == .allowed else {
            return []
        }
        let open = try await Case.query(on: db).inSchool(schoolID).filter(\.$state != .closed)
            .field(\.$id).field(\.$schoolID).field(\.$subjectPersonID).field(\.$aboutHeadteacher)
            .field(\.$createdAt).all()
            .filter {
                CaseAccess.countsInFigures(
                    schoolID: $0.schoolID, subjectIDs: $0.subjectPersonID.map { [$0] } ?? [],
                    aboutHeadteacher: $0.aboutHeadteacher, for: actor)
            }
        let now = Date()
        let ages = open.map { now.timeIntervalSince($0.createdAt) / 86_400 }
        let over30 = ages.filter { $0 > 30 }.count
        let from7 = ages.filter { $0 > 7 && $0 <= 30 }.count
        let under7 = ages.filter { $0 <= 7 }.count
        let detail =
            open.isEmpty
            ? "None open"
            : "\(under7) opened in the last 7 days, \(from7) open 8 to 30 days, \(over30) open over 30 days"
        return [
            HomeFigure(
                title: "Open concerns", value: String(open.count), detail: detail, href: ConcernPaths.figures(),
                attention: over30 > 0)
        ]
    }
}
