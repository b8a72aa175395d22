// What concerns put on home pages: for the people handling them, concerns not yet looked at and cases gone quiet (by
// reference only); for governors and trust administrators, how many are open and for how long (no names).

import Fluent
import StewardCore
import Vapor

extension ConcernsFeature {
    /// Cases of the current school that `actor` handles and that need them: new ones (overdue after a working day) and
    /// open ones without an entry for 14 days. A reference and a date only: the home page may be seen over a shoulder.
    /// The oldest `shownPerKind` of each are listed and the rest counted, however many there are: a home page stays
    /// short and costs the same with ten cases open or ten thousand.
    func work(for actor: Actor, person: Person, on db: any Database) async throws -> [WorkItem] {
        let kinds = Self.kinds(in: actor.schoolID, for: actor) {
            if case .full(canHandle: true) = CaseAccess.visibility(of: $0, to: actor) { true } else { false }
        }
        guard !kinds.isEmpty else { return [] }
        let clock = Display.clock
        let now = Date()
        let quietSince = now.addingTimeInterval(-Double(CaseDeadlines.quietDays) * 86_400)
        let handled = { Case.query(on: db).inSchool(actor.schoolID).ofKinds(kinds, viewer: actor.personID) }
        var items: [WorkItem] = []

        // The oldest first; counted only when there are more than are listed (as a school nearly never has).
        let new = try await handled().filter(\.$state == .new).sort(\.$createdAt).limit(Self.shownPerKind)
            .listing().all()
        let waiting =
            new.count < Self.shownPerKind ? new.count : try await handled().filter(\.$state == .new).count()
        for item in new {
            let overdue = CaseDeadlines.isOverdue(
                state: item.state, reported: item.createdAt, lastEntry: item.lastEntryAt, now: now, clock: clock)
            items.append(
                WorkItem(
                    title: "Concern \(item.reference) has not been looked at yet",
                    href: ConcernPaths.show(try item.requireID()),
                    status: (overdue
                        ? "Reported \(Display.time(item.createdAt)): overdue, please look at it today"
                        : "Reported \(Display.time(item.createdAt))")
                        + ". It stays here until it is moved on from New.",
                    urgent: overdue, at: item.createdAt))
        }
        items += Self.rest(
            of: waiting, one: "concern has not been looked at yet", many: "concerns have not been looked at yet",
            status: "The oldest are listed here; see them all on the concerns page")

        let quiet = {
            handled().filter(\.$state != .new).filter(\.$state != .closed).filter(\.$lastEntryAt < quietSince)
        }
        let quietest = try await quiet().sort(\.$lastEntryAt).limit(Self.shownPerKind).listing().all()
        let quietCount = quietest.count < Self.shownPerKind ? quietest.count : try await quiet().count()
        for item in quietest {
            let days = Int(now.timeIntervalSince(item.lastEntryAt) / 86_400)
            items.append(
                WorkItem(
                    title: "Case \(item.reference) has had no entry for \(days) days",
                    href: ConcernPaths.show(try item.requireID()),
                    status: "\(item.state.title); last entry \(Display.date(item.lastEntryAt))", urgent: true,
                    at: item.lastEntryAt))
        }
        items += Self.rest(
            of: quietCount, one: "case has had no entry for \(CaseDeadlines.quietDays) days",
            many: "cases have had no entry for \(CaseDeadlines.quietDays) days",
            status: "The quietest are listed here; see them all on the concerns page")
        return items
    }

    /// How many cases of each kind a home page lists before counting the rest.
    static let shownPerKind = 10

    /// The item that counts what is not listed ("3 more concerns have not been looked at yet"), if anything is not.
    private static func rest(of total: Int, one: String, many: String, status: String) -> [WorkItem] {
        let more = total - shownPerKind
        guard more > 0 else { return [] }
        return [
            WorkItem(
                title: more == 1 ? "1 more \(one)" : "\(more) more \(many)", href: ConcernPaths.list(), status: status,
                urgent: true)
        ]
    }

    /// Which kinds of case (about a headteacher or not; about the viewer or not) pass `rule`, asked of the case rules
    /// themselves with the facts of each kind. Whether someone handles a case, or counts it in figures, depends on
    /// nothing else (not the reporter, not who was added to it), so the database can then select by kind and count,
    /// without Steward reading every open case to ask the rules one at a time.
    static func kinds(in schoolID: UUID, for actor: Actor, where rule: (CaseFacts) -> Bool) -> [Case.Kind] {
        // A reporter who is nobody: the rules asked here must not depend on who reported.
        let nobody = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        return [false, true].flatMap { about in
            [false, true].map { Case.Kind(aboutHeadteacher: about, aboutViewer: $0) }
        }.filter {
            rule(
                CaseFacts(
                    schoolID: schoolID, reporterID: nobody, subjectIDs: $0.aboutViewer ? [actor.personID] : [],
                    aboutHeadteacher: $0.aboutHeadteacher))
        }
    }

    /// Open concerns and how long they have been open, counted as every figure counts them
    /// (`CaseAccess.countsInFigures`).
    func figures(for actor: Actor, schoolID: UUID, on db: any Database) async throws -> [HomeFigure] {
        guard AccessPolicy.can(actor, .viewCaseFigures, .schoolRecord(schoolID: schoolID)) == .allowed else {
            return []
        }
        let readers = try await FigureReaders.people(of: schoolID, on: db)
        let open = {
            CaseFigures.countable(Case.query(on: db).inSchool(schoolID), readers: readers).filter(\.$state != .closed)
        }
        let now = Date()
        let total = try await open().count()
        let over30 =
            total == 0 ? 0 : try await open().filter(\.$createdAt < now.addingTimeInterval(-30 * 86_400)).count()
        let under7 =
            total == 0 ? 0 : try await open().filter(\.$createdAt >= now.addingTimeInterval(-7 * 86_400)).count()
        let from7 = total - over30 - under7
        let detail =
            total == 0
            ? "None open"
            : "\(under7) opened in the last 7 days, \(from7) open 8 to 30 days, \(over30) open over 30 days"
        return [
            HomeFigure(
                title: "Open concerns", value: String(total), detail: detail, href: ConcernPaths.figures(),
                attention: over30 > 0)
        ]
    }
}
