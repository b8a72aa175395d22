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
    /// reader may not know exists is in none of it.
    func due(req: Request) async throws -> Response {
        let (actor, school) = try await Self.school(req)
        let schoolID = try school.requireID()
        let today = school.clock.date(of: Date())
        let plan = try await RecordsPurge.plan(schoolID: schoolID, today: today, on: req.db)
        let caseIDs = Set(
            (plan.listed.map(\.record) + plan.due + plan.held + plan.needsDecision.map(\.record)).compactMap(\.caseID))
        let known = try await CaseSideDoors.knowable(caseIDs, to: actor.workingIn(schoolID), on: req.db)
        func shown(_ record: RetainedRecord) -> Bool { record.caseID.map(known.contains) ?? true }
        let titles = Dictionary(
            RetentionScheduleRule.defaults.map { ($0.key, $0.records) }, uniquingKeysWith: { a, _ in a })
        func lines(_ records: [RetainedRecord]) -> [DueLine] {
            Dictionary(grouping: records, by: \.rule).map {
                DueLine(records: titles[$0.key] ?? $0.key, count: $0.value.count)
            }
            .sorted { $0.records < $1.records }
        }
        var days: [DueDay] = []
        let dueNow = plan.due.filter(shown)
        if !dueNow.isEmpty { days.append(DueDay(day: "At the next daily run", lines: lines(dueNow))) }
        let listed = plan.listed.filter { shown($0.record) }
        for (day, items) in Dictionary(grouping: listed, by: \.removeOn).sorted(by: { $0.key < $1.key }) {
            days.append(DueDay(day: day.longForm, lines: lines(items.map(\.record))))
        }
        let content = DueContent(
            school: school.name,
            // A record about the reader kept by a hold is not counted for them: the hold may be on them.
            days: days, total: dueNow.count + listed.count,
            held: lines(plan.held.filter { shown($0) && !$0.people.contains(actor.personID) }),
            decisions: plan.needsDecision.filter { shown($0.record) }.map {
                DecisionRow(
                    records: titles[$0.record.rule] ?? $0.record.rule, reference: $0.record.reference ?? "", why: $0.why
                )
            }.sorted { ($0.records, $0.reference) < ($1.records, $1.reference) },
            noticeDays: PurgePlanner.noticeDays)
        return try await req.page("records/due", title: "What will be removed", content)
    }
}
