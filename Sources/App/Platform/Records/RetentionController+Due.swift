// What the purge will remove, and when: the list anyone who manages the schedule can read before anything goes.

import Fluent
import StewardCore
import Vapor

extension RetentionController {
    struct DueLine: Encodable, Sendable {
        var records: String
        var count: Int
    }

    struct DueDay: Encodable, Sendable {
        var day: String
        var lines: [DueLine]
    }

    struct DecisionRow: Encodable, Sendable {
        var records: String
        var reference: String
        var why: String
    }

    struct DueContent: Encodable, Sendable {
        var school: String
        var days: [DueDay]
        var total: Int
        var held: [DueLine]
        var decisions: [DecisionRow]
        var noticeDays: Int
    }

    /// The school's list: what will be removed on which day, what a hold keeps, what needs a decision. A case the
    /// reader may not know exists, and a record about the reader, are in none of it (`RecordsSideDoors.removals`).
    func due(req: Request) async throws -> Response {
        let (actor, school) = try await Self.school(req)
        let schoolID = try school.requireID()
        let today = school.clock.date(of: Date())
        let plan = try await RecordsSideDoors.removals(
            try await RecordsPurge.plan(schoolID: schoolID, today: today, on: req.db), seenBy: actor,
            schoolID: schoolID, on: req.db)
        let titles = Dictionary(
            RetentionScheduleRule.defaults.map { ($0.key, $0.records) }, uniquingKeysWith: { a, _ in a })
        func lines(_ records: [RetainedRecord]) -> [DueLine] {
            Dictionary(grouping: records, by: \.rule).map {
                DueLine(records: titles[$0.key] ?? $0.key, count: $0.value.count)
            }
            .sorted { $0.records < $1.records }
        }
        var days: [DueDay] = []
        let dueNow = plan.due
        if !dueNow.isEmpty { days.append(DueDay(day: "At the next daily run", lines: lines(dueNow))) }
        let listed = plan.listed
        for (day, items) in Dictionary(grouping: listed, by: \.removeOn).sorted(by: { $0.key < $1.key }) {
            days.append(DueDay(day: day.longForm, lines: lines(items.map(\.record))))
        }
        let content = DueContent(
            school: school.name,
            days: days, total: dueNow.count + listed.count, held: lines(plan.held),
            decisions: plan.needsDecision.map {
                DecisionRow(
                    records: titles[$0.record.rule] ?? $0.record.rule, reference: $0.record.reference ?? "", why: $0.why
                )
            }.sorted { ($0.records, $0.reference) < ($1.records, $1.reference) },
            noticeDays: PurgePlanner.noticeDays)
        return try await req.page("records/due", title: "What will be removed", content)
    }
}
