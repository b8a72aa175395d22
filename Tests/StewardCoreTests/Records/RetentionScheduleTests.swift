// The retention schedule's arithmetic: periods after a date at the ends of months, what a person may type, the
// defaults of issue 17, and when each record falls due, on both sides of every boundary.

import Foundation
import PropertyBased
import StewardCore
import Testing

@Suite("Retention schedule")
struct RetentionScheduleTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(parsing: text)! }

    @Test(
        "A period after a date keeps the day of the month, or the month's last day when it has fewer",
        arguments: [
            ("2020-02-29", 72, "2026-02-28"), ("2024-02-29", 48, "2028-02-29"), ("2024-08-31", 6, "2025-02-28"),
            ("2023-08-31", 6, "2024-02-29"), ("2020-01-31", 1, "2020-02-29"), ("2026-12-15", 1, "2027-01-15"),
            ("2026-11-30", 0, "2026-11-30"), ("2026-03-03", 120, "2036-03-03"), ("2015-06-30", 300, "2040-06-30"),
            ("2026-01-31", 3, "2026-04-30"), ("2026-12-31", 12, "2027-12-31"),
        ])
    func after(start: String, months: Int, expected: String) {
        #expect(RetentionPeriod(months: months).after(Self.day(start)) == Self.day(expected))
    }

    @Test(
        "Periods read as schedules say them",
        arguments: [
            (0, "at once"), (1, "1 month"), (11, "11 months"), (12, "1 year"), (13, "1 year and 1 month"),
            (18, "1 year and 6 months"), (25, "2 years and 1 month"), (72, "6 years"), (1200, "100 years"),
        ])
    func words(months: Int, expected: String) {
        #expect(RetentionPeriod(months: months).description == expected)
    }

    @Test(
        "What a person types is read as a period, or refused",
        arguments: [
            ("6", 72), ("0", 0), ("100", 1200), ("6 years", 72), ("1 year", 12), ("18 months", 18),
            ("1 year 6 months", 18), ("1 year and 6 months", 18), ("  2 YEARS ", 24), ("6 months 1 year", 18),
            ("1200 months", 1200), ("0 years", 0), ("at once", 0), (" At once ", 0),
        ])
    func parsing(text: String, months: Int) {
        #expect(RetentionPeriod(parsing: text)?.months == months)
    }

    @Test(
        "Nonsense, negative, over a century, repeated units and other units are refused",
        arguments: [
            "", " ", "six", "-1", "101", "6 weeks", "1 year 2 years", "1201 months", "1 year 1200 months",
            "100 years 1 month", "6 years ago", "1.5", "6years", "years 6", "9999999999999999999999", "٦",
        ])
    func refused(text: String) {
        #expect(RetentionPeriod(parsing: text) == nil)
    }

    @Test("Every period a schedule can hold reads back from the words it is shown in")
    func roundTrip() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1200)) { months in
            #expect(RetentionPeriod(parsing: RetentionPeriod(months: months).description)?.months == months)
        }
    }

    @Test("The defaults are issue 17's, each within its own limits, each key once")
    func defaults() throws {
        let rules = RetentionScheduleRule.defaults
        #expect(Set(rules.map(\.key)).count == rules.count)
        for rule in rules {
            #expect(rule.shortest <= rule.period && rule.period <= rule.longest, "\(rule.key)")
            #expect(rule.problem(with: rule.period) == nil, "\(rule.key)")
        }
        func rule(_ key: String) throws -> RetentionScheduleRule { try #require(RetentionScheduleRule.named(key)) }
        #expect(try rule("allegations").period == .years(10) && rule("allegations").untilPensionAge)
        #expect(try rule("allegations").clock == .reported)
        #expect(try rule("false_allegations").period.months == 0 && rule("false_allegations").clock == .closed)
        #expect(try rule("cases").period == .years(6) && rule("cases").clock == .closed)
        #expect(try rule("pupil_cases").period == .years(25) && rule("pupil_cases").clock == .pupilBorn)
        for key in ["acknowledgements", "declarations", "self_checks"] {
            #expect(try rule(key).period == .years(6) && rule(key).clock == .personLeft, "\(key)")
        }
        #expect(try rule("published_posts").period == .years(6) && rule("published_posts").clock == .published)
        #expect(try rule("unpublished_drafts").period == .years(1))
    }

    @Test(
        "An allegation is kept to the person's normal pension age or 10 years, whichever is longer",
        arguments: [
            // reported, born, removed on
            ("2026-03-03", "1990-05-01", "2057-05-01"),
            ("2026-03-03", "1960-01-01", "2036-03-03"),
            // The two dates the same day: that day.
            ("2026-03-03", "1969-03-03", "2036-03-03"),
            // A day either side of it.
            ("2026-03-03", "1969-03-04", "2036-03-04"),
            ("2026-03-03", "1969-03-02", "2036-03-03"),
            ("2026-03-03", "1959-02-28", "2036-03-03"),
        ])
    func allegations(reported: String, born: String, expected: String) throws {
        let rule = try #require(RetentionScheduleRule.named("allegations"))
        #expect(
            rule.expiry(clockStarted: Self.day(reported), personBorn: Self.day(born)) == .removeOn(Self.day(expected)))
    }

    @Test("Without the dates a rule needs, nothing is removed: a clock not yet started, or a decision asked for")
    func missingDates() throws {
        let allegations = try #require(RetentionScheduleRule.named("allegations"))
        guard case .needsDecision(let why) = allegations.expiry(clockStarted: Self.day("2026-03-03")) else {
            Issue.record("an allegation without a date of birth was given a date")
            return
        }
        #expect(why.contains("date of birth"))
        let pupil = try #require(RetentionScheduleRule.named("pupil_cases"))
        #expect(pupil.expiry(clockStarted: Self.day("2015-06-30")) == .removeOn(Self.day("2040-06-30")))
        guard case .needsDecision = pupil.expiry(clockStarted: nil) else {
            Issue.record("a pupil's case without a date of birth was treated as a clock not yet started")
            return
        }
        for key in ["cases", "acknowledgements", "declarations", "self_checks", "published_posts", "false_allegations"]
        {
            #expect(try #require(RetentionScheduleRule.named(key)).expiry(clockStarted: nil) == .clockNotStarted)
        }
    }

    @Test("A record is due on the day its period ends and after, never the day before; nor without a date")
    func due() {
        let end = Self.day("2032-11-30")
        #expect(!RetentionExpiry.removeOn(end).isDue(on: Self.day("2032-11-29")))
        #expect(RetentionExpiry.removeOn(end).isDue(on: end))
        #expect(RetentionExpiry.removeOn(end).isDue(on: Self.day("2032-12-01")))
        #expect(!RetentionExpiry.clockNotStarted.isDue(on: Self.day("2200-01-01")))
        #expect(!RetentionExpiry.needsDecision("x").isDue(on: Self.day("2200-01-01")))
    }

    @Test("A school's period must lie within the trust's limits, both ends included")
    func schoolLimits() throws {
        let allegations = try #require(RetentionScheduleRule.named("allegations"))
        #expect(allegations.problem(with: RetentionPeriod(months: 119)) != nil)
        #expect(allegations.problem(with: RetentionPeriod(months: 120)) == nil)
        #expect(allegations.problem(with: RetentionPeriod(months: 1200)) == nil)
        #expect(allegations.problem(with: RetentionPeriod(months: 1201)) != nil)
        let falseOnes = try #require(RetentionScheduleRule.named("false_allegations"))
        #expect(falseOnes.problem(with: RetentionPeriod(months: 0)) == nil)
        #expect(falseOnes.problem(with: RetentionPeriod(months: 12)) == nil)
        #expect(
            falseOnes.problem(with: RetentionPeriod(months: 13))
                == "must be at most 1 year, the limit your trust has set")
    }

    @Test("A trust's limits run from nothing to a century, the shortest no longer than the longest")
    func trustLimits() {
        #expect(RetentionScheduleRule.problem(shortest: RetentionPeriod(months: -1), longest: .years(1)) != nil)
        #expect(
            RetentionScheduleRule.problem(shortest: RetentionPeriod(months: 0), longest: RetentionPeriod(months: 1201))
                != nil)
        #expect(RetentionScheduleRule.problem(shortest: RetentionPeriod(months: 13), longest: .years(1)) != nil)
        #expect(RetentionScheduleRule.problem(shortest: .years(1), longest: .years(1)) == nil)
        #expect(RetentionScheduleRule.problem(shortest: RetentionPeriod(months: 0), longest: .longest) == nil)
    }
}
