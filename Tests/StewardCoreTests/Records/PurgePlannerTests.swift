// When the purge lists and removes a record (issue 17, item 3): at least 30 days' notice, never before its day,
// never while held; and which of several lines of the schedule decides.

import Foundation
import PropertyBased
import StewardCore
import Testing

@Suite("Purge: notice, holds and the deciding line")
struct PurgePlannerTests {
    static let today = CalendarDate(year: 2030, month: 6, day: 15)!

    static func record(_ expiry: RetentionExpiry) -> RetainedRecord {
        RetainedRecord(id: UUID(), rule: "cases", expiry: expiry)
    }

    @Test("Each state of a record on each side of the notice period and of its day")
    func table() {
        let t = Self.today
        let cases: [(RetentionExpiry, Bool, CalendarDate?, PurgeDecision, String)] = [
            (.clockNotStarted, false, nil, .kept, "open case: nothing to say"),
            (.needsDecision("why"), false, nil, .needsDecision("why"), "cannot count: a decision"),
            (.removeOn(t.adding(days: 31)), false, nil, .kept, "31 days away: not yet listed"),
            (.removeOn(t.adding(days: 30)), false, nil, .listed(removeOn: t.adding(days: 30)), "30 days away: listed"),
            (
                .removeOn(t.adding(days: 1)), false, nil, .listed(removeOn: t.adding(days: 30)),
                "found late: full notice"
            ),
            (.removeOn(t), false, nil, .listed(removeOn: t.adding(days: 30)), "due today, never listed: notice first"),
            (.removeOn(t.adding(days: -400)), false, nil, .listed(removeOn: t.adding(days: 30)), "long past: notice"),
            (.removeOn(t), false, t.adding(days: -30), .remove, "listed 30 days ago, due today: removed"),
            (.removeOn(t), false, t.adding(days: -29), .listed(removeOn: t.adding(days: 1)), "listed 29 days ago"),
            (
                .removeOn(t.adding(days: 1)), false, t.adding(days: -30), .listed(removeOn: t.adding(days: 1)),
                "day after"
            ),
            (.removeOn(t.adding(days: -1)), false, t.adding(days: -31), .remove, "past both"),
            (.removeOn(t), true, t.adding(days: -30), .held, "held: kept whatever"),
            (.removeOn(t.adding(days: -4000)), true, nil, .held, "held long after its day"),
            (.needsDecision("why"), true, nil, .held, "held wins over a decision"),
            (.clockNotStarted, true, nil, .held, "held while open"),
            (
                .removeOn(t), false, t.adding(days: 5), .listed(removeOn: t.adding(days: 30)),
                "a listing day ahead counts as today"
            ),
        ]
        for (expiry, held, listed, expected, why) in cases {
            #expect(
                PurgePlanner.decide(Self.record(expiry), held: held, listedOn: listed, today: t) == expected, "\(why)")
        }
    }

    @Test("Run every day, a record is removed exactly on the later of its day and 30 days after it was first listed")
    func dayByDay() async {
        await propertyCheck(count: 300, input: Gen.int(in: -500...500), Gen.int(in: 0...90)) { dayOffset, startOffset in
            // The purge starts running `startOffset` days before today; the record's day is `dayOffset` from today.
            let day = Self.today.adding(days: dayOffset)
            let record = Self.record(.removeOn(day))
            var listedOn: CalendarDate?
            var current = Self.today.adding(days: -startOffset)
            var removedOn: CalendarDate?
            for _ in 0..<2000 {
                switch PurgePlanner.decide(record, held: false, listedOn: listedOn, today: current) {
                case .listed: listedOn = listedOn ?? current
                case .remove: removedOn = current
                case .kept, .held, .needsDecision: listedOn = nil
                }
                if removedOn != nil { break }
                current = current.adding(days: 1)
            }
            let firstRun = Self.today.adding(days: -startOffset)
            let firstListed = max(firstRun, day.adding(days: -PurgePlanner.noticeDays))
            #expect(removedOn == max(day, firstListed.adding(days: PurgePlanner.noticeDays)))
            #expect(removedOn.map { $0 >= day } == true)
        }
    }

    @Test("Of several lines, the latest day decides; one that cannot be counted asks for a decision; an open one keeps")
    func latest() {
        let a = CalendarDate(year: 2030, month: 1, day: 1)!
        let b = CalendarDate(year: 2040, month: 1, day: 1)!
        #expect(RetainedRecord.latest([.removeOn(a), .removeOn(b)]) == .removeOn(b))
        #expect(RetainedRecord.latest([.removeOn(b), .removeOn(a)]) == .removeOn(b))
        #expect(RetainedRecord.latest([.removeOn(a), .needsDecision("x")]) == .needsDecision("x"))
        #expect(RetainedRecord.latest([.clockNotStarted, .removeOn(a)]) == .clockNotStarted)
        #expect(RetainedRecord.latest([.needsDecision("x"), .clockNotStarted]) == .needsDecision("x"))
        #expect(RetainedRecord.latest([]) == .clockNotStarted)
    }
}
