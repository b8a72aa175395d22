// Records management (issue 17): how long each kind of record is kept, each school's periods within its trust's
// limits.

import Fluent
import NIOConcurrencyHelpers
import StewardCore
import Vapor

struct RecordsFeature: Feature {
    let name = "records"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: RetentionController())
        try pages.register(collection: HoldController())
        try pages.register(collection: RecordsRequestController())
    }

    /// The list changes each night without an audited write (only removals are audited), so it is read afresh.
    var workFollowsTheAuditLog: Bool { false }

    /// For those who manage the schedule: what the purge will remove soon, so a hold can be placed in time. A record
    /// of a case the reader may not know exists is not counted.
    func work(for actor: Actor, person: Person, on db: any Database) async throws -> [WorkItem] {
        try await requestsDue(for: actor, on: db) + (try await removalsDue(for: actor, on: db))
    }

    /// Requests about records waiting for an answer, each with its deadline: late, or within a week, is urgent.
    func requestsDue(for actor: Actor, on db: any Database) async throws -> [WorkItem] {
        guard AccessPolicy.can(actor, .handleRecordsRequests) == .allowed else { return [] }
        // A request about the reader is someone else's to answer, not on their home page.
        let open = try await RecordsRequest.query(on: db).inSchool(actor.schoolID).filter(\.$outcome == nil)
            .filter(\.$personID != actor.personID).sort(\.$dueOn).limit(50).all()
        guard !open.isEmpty else { return [] }
        let people = try await Person.query(on: db).filter(\.$id ~~ open.map(\.personID)).all()
        let names = Dictionary(
            people.compactMap { person in person.id.map { ($0, person.fullName) } }, uniquingKeysWith: { a, _ in a })
        let today = try await School.find(actor.schoolID, on: db)?.clock.date(of: Date()) ?? CalendarDate(Date())
        return open.compactMap { request in
            guard let id = request.id, let due = CalendarDate(parsing: request.dueOn) else { return nil }
            let late = due < today
            return WorkItem(
                title: "\(request.kind.shortTitle) from \(names[request.personID] ?? "someone")",
                href: RetentionPaths.request(id),
                status: late ? "Late: it was due by \(due.longForm)" : "Answer by \(due.longForm)",
                urgent: today.days(until: due) <= 7, at: request.recordedAt, dueOn: due.description)
        }
    }

    func removalsDue(for actor: Actor, on db: any Database) async throws -> [WorkItem] {
        guard AccessPolicy.can(actor, .manageRetention) == .allowed,
            let soon = try await Self.removalsSoon(seenBy: actor, schoolID: actor.schoolID, on: db), soon.count > 0
        else { return [] }
        return [
            WorkItem(
                title: soon.count == 1
                    ? "1 record will be removed \(soon.from)" : "\(soon.count) records will be removed \(soon.from)",
                href: RetentionPaths.due(),
                status: "Their retention period has passed: place a legal hold on anything that must be kept",
                urgent: false)
        ]
    }

    /// How many records the purge will soon remove that `reader` may be told of (`RecordsSideDoors.removals`), and
    /// from when ("at the next daily run", "from 3 January 2027"); nil without a school.
    static func removalsSoon(
        seenBy reader: Actor, schoolID: UUID, on db: any Database
    ) async throws
        -> (count: Int, from: String)?
    {
        guard let school = try await School.find(schoolID, on: db) else { return nil }
        let today = school.clock.date(of: Date())
        // Working out the plan reads every record under the schedule: kept until the audit log moves (every change
        // of state is audited) or the day changes, so a headteacher's home page, asked for again and again, reads
        // one row for it.
        // The head's hash as well as its number: two databases copied from one (a restore, a test) part ways there.
        let head = try await AuditHead.query(on: db).first()
        let key = SoonKey(
            schoolID: schoolID, readerID: reader.personID, today: today.description, seq: head?.seq ?? -1,
            hash: head?.hash ?? "")
        if let kept = soonKept.withLockedValue({ $0[key] }) { return kept }
        let plan = try await RecordsSideDoors.removals(
            try await RecordsPurge.plan(schoolID: schoolID, today: today, on: db),
            seenBy: reader, schoolID: schoolID, on: db)
        let from =
            !plan.due.isEmpty
            ? "at the next daily run" : plan.listed.map(\.removeOn).min().map { "from \($0.longForm)" } ?? ""
        let soon = (count: plan.due.count + plan.listed.count, from: from)
        soonKept.withLockedValue { kept in
            if kept.count >= 1_000 { kept.removeAll() }
            kept[key] = soon
        }
        return soon
    }

    struct SoonKey: Hashable, Sendable {
        var schoolID: UUID
        var readerID: UUID
        var today: String
        var seq: Int64
        var hash: String
    }

    /// `removalsSoon`'s answers by school, reader, day and audit head: none is used once any of them has moved.
    static let soonKept = NIOLockedValueBox<[SoonKey: (count: Int, from: String)]>([:])

    var recurringJobs: [RecurringJob] {
        [
            RecurringJob(kind: RecordsPurge.kind, schedule: .schoolTime(hour: 2, weekday: nil)) { job, app in
                try await Jobs.forSchool(job, app) { school, schoolID in
                    try await RecordsPurge.run(schoolID: schoolID, today: school.clock.date(of: Date()), app: app)
                }
            }
        ]
    }

    var navigation: [NavigationEntry] {
        [
            NavigationEntry(
                title: "Records kept", path: RetentionPaths.schedule(), action: .manageRetention, order: 86),
            NavigationEntry(
                title: "Records requests", path: RetentionPaths.requests(), action: .handleRecordsRequests,
                order: 87),
        ]
    }
}
