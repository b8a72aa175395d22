// Requests about records (issue 17, items 4 and 5): the one-month deadline at the ends of months, and what an answer
// must say.

import Foundation
import StewardCore
import Testing

@Suite("Requests about records: deadlines and answers")
struct RecordsRequestRulesTests {
    @Test("A calendar month later, or the end of the shorter month")
    func deadlines() {
        let cases: [((Int, Int, Int), (Int, Int, Int))] = [
            ((2027, 1, 31), (2027, 2, 28)), ((2028, 1, 31), (2028, 2, 29)), ((2028, 1, 29), (2028, 2, 29)),
            ((2026, 11, 30), (2026, 12, 30)), ((2026, 12, 15), (2027, 1, 15)), ((2027, 3, 31), (2027, 4, 30)),
            ((2027, 2, 28), (2027, 3, 28)), ((2026, 12, 31), (2027, 1, 31)),
        ]
        for (from, to) in cases {
            let received = CalendarDate(year: from.0, month: from.1, day: from.2)!
            #expect(RecordsRequestRules.due(received: received) == CalendarDate(year: to.0, month: to.1, day: to.2)!)
        }
    }

    @Test("Every kind × outcome × basis × reason: what must be said, and which basis fits which kind")
    func answers() {
        let schedule: Set<String> = ["cases", "declarations"]
        for kind in RecordsRequestKind.allCases {
            for outcome in [nil] + RecordsRequestOutcome.allCases {
                for basis in [nil, "", "cases", "legal_hold", "accurate", "unfounded", "nonsense"] {
                    for reason in ["", "Kept for a claim."] {
                        let fields = Set(
                            RecordsRequestRules.problems(
                                kind: kind, outcome: outcome, basis: basis, reason: reason, schedule: schedule
                            ).map(\.field))
                        var expected = Set<String>()
                        if outcome == nil {
                            expected = ["outcome"]
                        } else if outcome != .done {
                            if reason.isEmpty { expected.insert("reason") }
                            // UK GDPR: a correction is refused because the record is accurate (article 16), an
                            // erasure because it must be kept (article 17(3)); either if manifestly unfounded or
                            // excessive (article 12(5)). A subject access request names no basis here.
                            let allowed: Set<String> =
                                switch kind {
                                case .access: []
                                case .rectification: ["accurate", "unfounded"]
                                case .erasure: ["cases", "legal_hold", "unfounded"]
                                }
                            if kind != .access && !allowed.contains(basis ?? "") { expected.insert("basis") }
                        }
                        #expect(
                            fields == expected,
                            "\(kind) \(String(describing: outcome)) \(String(describing: basis)) '\(reason)'")
                    }
                }
            }
        }
    }
}
