// Expected answers are UTC instants worked out by hand from the published clock changes, not from the code:
// UK 2026 forward Sun 29 March 01:00 UTC, back Sun 25 October 01:00 UTC; 2027 Sun 28 March and Sun 31 October.
// US 2026 forward Sun 8 March 07:00 UTC (02:00 EST), back Sun 1 November 06:00 UTC (02:00 EDT).

import Foundation
import Testing

@testable import StewardCore

/// A UTC instant written as `2026-03-29T06:00:00Z`.
private func utc(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text) ?? .distantPast
}

private func day(_ text: String) -> CalendarDate {
    CalendarDate(parsing: text) ?? CalendarDate(Date(timeIntervalSince1970: 0))
}

private func clock(_ identifier: String) -> SchoolClock {
    SchoolClock(identifier: identifier) ?? .london
}

private let london = SchoolClock.london
private let newYork = clock("America/New_York")

@Suite struct IdentifierTests {
    @Test(arguments: [
        "Europe/London", "Europe/Dublin", "America/New_York", "UTC", "Asia/Kolkata", "Europe/Kyiv",
        "America/Argentina/Buenos_Aires", "America/Port-au-Prince", "Australia/Sydney",
    ])
    func acceptsRealZones(_ identifier: String) throws {
        let clock = try #require(SchoolClock(identifier: identifier))
        #expect(clock.identifier == identifier)
    }

    @Test(arguments: [
        "", "Mars/Olympus", "BST", "GMT", "GMT+1", "UTC+1", "EST", "CET", "Etc/GMT+1", "Etc/UTC", "US/Eastern",
        String(repeating: "a", count: 500), "Europe/" + String(repeating: "A", count: 60), "\u{0}",
        "Europe/London\u{0}",
        "../etc/passwd", "Europe/../London", "europe/london", "Europe/LONDON", " Europe/London", "Europe/London ",
        "Europe/London\n", "Europe//London", "Europe/London/", "/Europe/London", "Europe/Nowhere", "Europe",
        "Europe/Lóndon", "Europe/London/Camden/Town",
    ])
    func refusesEverythingElse(_ identifier: String) {
        #expect(SchoolClock(identifier: identifier) == nil)
    }

    @Test func acceptsEveryPlaceFoundationLists() {
        let places = TimeZone.knownTimeZoneIdentifiers.filter { $0 != "GMT" }
        #expect(places.count > 300)
        #expect(places.filter { SchoolClock(identifier: $0) == nil } == [])
    }

    @Test func londonIsTheDefault() {
        #expect(SchoolClock.defaultIdentifier == "Europe/London")
        #expect(SchoolClock.london.identifier == "Europe/London")
        #expect(SchoolClock(identifier: "Europe/London") == .london)
        #expect(SchoolClock(identifier: "Europe/Dublin") != .london)
        #expect(Set([london, clock("Europe/London"), newYork]).count == 2)
        #expect(london.description == "Europe/London")
    }

    @Test func codesAsItsNameAndRefusesBadNames() throws {
        let data = try JSONEncoder().encode([newYork])
        #expect(String(decoding: data, as: UTF8.self) == #"["America\/New_York"]"#)
        #expect(try JSONDecoder().decode([SchoolClock].self, from: data) == [newYork])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([SchoolClock].self, from: Data(#"["BST"]"#.utf8))
        }
    }
}

@Suite struct ClockChangeTests {
    /// One second before and at each change: the offset, the reading and the zone's name.
    @Test(arguments: [
        ("2026-03-29T00:59:59Z", 0, "29 Mar 2026, 00:59", "GMT"),
        ("2026-03-29T01:00:00Z", 3_600, "29 Mar 2026, 02:00", "BST"),
        ("2026-10-25T00:59:59Z", 3_600, "25 Oct 2026, 01:59", "BST"),
        ("2026-10-25T01:00:00Z", 0, "25 Oct 2026, 01:00", "GMT"),
        ("2027-03-28T00:59:59Z", 0, "28 Mar 2027, 00:59", "GMT"),
        ("2027-03-28T01:00:00Z", 3_600, "28 Mar 2027, 02:00", "BST"),
        ("2027-10-31T00:59:59Z", 3_600, "31 Oct 2027, 01:59", "BST"),
        ("2027-10-31T01:00:00Z", 0, "31 Oct 2027, 01:00", "GMT"),
    ])
    func bothSidesOfEachChange(_ instant: String, _ offset: Int, _ reading: String, _ name: String) {
        let moment = utc(instant)
        #expect(london.offsetSeconds(at: moment) == offset)
        #expect(london.time(moment) == reading)
        #expect(london.zoneName(at: moment) == name)
    }

    @Test func daysAroundTheChanges() {
        // (day, its first moment, its last moment's end, hours long)
        let days: [(String, String, String, Double)] = [
            ("2026-03-28", "2026-03-28T00:00:00Z", "2026-03-29T00:00:00Z", 24),
            ("2026-03-29", "2026-03-29T00:00:00Z", "2026-03-29T23:00:00Z", 23),
            ("2026-03-30", "2026-03-29T23:00:00Z", "2026-03-30T23:00:00Z", 24),
            ("2026-10-24", "2026-10-23T23:00:00Z", "2026-10-24T23:00:00Z", 24),
            ("2026-10-25", "2026-10-24T23:00:00Z", "2026-10-26T00:00:00Z", 25),
            ("2027-03-28", "2027-03-28T00:00:00Z", "2027-03-28T23:00:00Z", 23),
            ("2027-10-31", "2027-10-30T23:00:00Z", "2027-11-01T00:00:00Z", 25),
        ]
        for (name, start, end, hours) in days {
            #expect(london.startOfDay(day(name)) == utc(start), "start of \(name)")
            #expect(london.endOfDay(day(name)) == utc(end), "end of \(name)")
            #expect(london.endOfDay(day(name)).timeIntervalSince(london.startOfDay(day(name))) == hours * 3_600)
        }
    }

    @Test func aDeadlineOnTheShortDayIsMetUntilLocalMidnight() {
        let deadline = london.endOfDay(day("2026-03-29"))
        #expect(utc("2026-03-29T22:59:59Z") < deadline)
        #expect(!(utc("2026-03-29T23:00:00Z") < deadline))
        #expect(london.date(of: utc("2026-03-29T22:59:59Z")) == day("2026-03-29"))
        #expect(london.date(of: utc("2026-03-29T23:00:00Z")) == day("2026-03-30"))
    }

    @Test func dateOfAMoment() {
        #expect(london.date(of: utc("2026-07-15T23:30:00Z")) == day("2026-07-16"))
        #expect(london.date(of: utc("2026-01-15T23:30:00Z")) == day("2026-01-15"))
        #expect(london.date(of: utc("2026-03-28T23:59:59Z")) == day("2026-03-28"))
        #expect(london.date(of: utc("2026-10-24T22:59:59Z")) == day("2026-10-24"))
        #expect(london.date(of: utc("2026-10-24T23:00:00Z")) == day("2026-10-25"))
        #expect(newYork.date(of: utc("2026-01-15T02:00:00Z")) == day("2026-01-14"))
        #expect(newYork.date(of: utc("2026-07-15T03:59:59Z")) == day("2026-07-14"))
        #expect(newYork.date(of: utc("2026-07-15T04:00:00Z")) == day("2026-07-15"))
        #expect(clock("UTC").date(of: utc("2026-07-15T23:59:59Z")) == day("2026-07-15"))
    }

    @Test func wallTimesInTheGapAndTheRepeatedHour() {
        let spring = day("2026-03-29")
        #expect(london.moment(spring, hour: 0, minute: 59) == utc("2026-03-29T00:59:00Z"))
        #expect(london.moment(spring, hour: 1) == utc("2026-03-29T01:00:00Z"))  // 02:00 BST
        #expect(london.moment(spring, hour: 1, minute: 30) == utc("2026-03-29T01:30:00Z"))  // 02:30 BST
        #expect(london.moment(spring, hour: 2) == utc("2026-03-29T01:00:00Z"))
        #expect(london.moment(spring, hour: 2, minute: 30) == utc("2026-03-29T01:30:00Z"))
        #expect(london.moment(spring, hour: 7) == utc("2026-03-29T06:00:00Z"))
        let autumn = day("2026-10-25")
        #expect(london.moment(autumn, hour: 0, minute: 59) == utc("2026-10-24T23:59:00Z"))
        #expect(london.moment(autumn, hour: 1) == utc("2026-10-25T00:00:00Z"))  // 01:00 BST, not 01:00 GMT
        #expect(london.moment(autumn, hour: 1, minute: 30) == utc("2026-10-25T00:30:00Z"))
        #expect(london.moment(autumn, hour: 2) == utc("2026-10-25T02:00:00Z"))
        #expect(london.moment(autumn, hour: 7) == utc("2026-10-25T07:00:00Z"))
        #expect(london.moment(day("2026-03-28"), hour: 7) == utc("2026-03-28T07:00:00Z"))
        #expect(london.moment(day("2026-03-30"), hour: 7) == utc("2026-03-30T06:00:00Z"))
        #expect(newYork.moment(day("2026-03-08"), hour: 2, minute: 30) == utc("2026-03-08T07:30:00Z"))  // 03:30 EDT
        #expect(newYork.moment(day("2026-11-01"), hour: 1, minute: 30) == utc("2026-11-01T05:30:00Z"))  // EDT
    }

    @Test func aDayWhoseMidnightIsSkipped() {
        // Havana: clocks go from 00:00 CST (UTC-5) to 01:00 CDT (UTC-4) on Sunday 8 March 2026.
        let havana = clock("America/Havana")
        #expect(havana.startOfDay(day("2026-03-08")) == utc("2026-03-08T05:00:00Z"))
        #expect(havana.time(utc("2026-03-08T05:00:00Z")) == "8 Mar 2026, 01:00")
        #expect(havana.endOfDay(day("2026-03-07")) == utc("2026-03-08T05:00:00Z"))
        #expect(havana.endOfDay(day("2026-03-08")) == utc("2026-03-09T04:00:00Z"))
        #expect(havana.moment(day("2026-03-08"), hour: 0, minute: 30) == utc("2026-03-08T05:30:00Z"))
    }
}

@Suite struct NextTests {
    /// Daily 07:00 in London: (after, next) as UTC instants.
    @Test(arguments: [
        // The evening before each change.
        ("2026-03-28T20:00:00Z", "2026-03-29T06:00:00Z"),
        ("2026-10-24T20:00:00Z", "2026-10-25T07:00:00Z"),
        ("2027-03-27T20:00:00Z", "2027-03-28T06:00:00Z"),
        ("2027-10-30T20:00:00Z", "2027-10-31T07:00:00Z"),
        // At the change, and in both runs of the repeated hour (01:30 BST, then 01:30 GMT).
        ("2026-03-29T01:00:00Z", "2026-03-29T06:00:00Z"),
        ("2026-10-25T00:30:00Z", "2026-10-25T07:00:00Z"),
        ("2026-10-25T01:30:00Z", "2026-10-25T07:00:00Z"),
        // 06:59, 07:00 and 07:01 local on the GMT day before and the BST day of the spring change.
        ("2026-03-28T06:59:00Z", "2026-03-28T07:00:00Z"),
        ("2026-03-28T07:00:00Z", "2026-03-29T06:00:00Z"),
        ("2026-03-28T07:01:00Z", "2026-03-29T06:00:00Z"),
        ("2026-03-29T05:59:00Z", "2026-03-29T06:00:00Z"),
        ("2026-03-29T06:00:00Z", "2026-03-30T06:00:00Z"),
        ("2026-03-29T06:01:00Z", "2026-03-30T06:00:00Z"),
        // The same on the BST day before and the GMT day of the autumn change.
        ("2026-10-24T05:59:00Z", "2026-10-24T06:00:00Z"),
        ("2026-10-24T06:00:00Z", "2026-10-25T07:00:00Z"),
        ("2026-10-24T06:01:00Z", "2026-10-25T07:00:00Z"),
        ("2026-10-25T06:59:00Z", "2026-10-25T07:00:00Z"),
        ("2026-10-25T07:00:00Z", "2026-10-26T07:00:00Z"),
        ("2026-10-25T07:01:00Z", "2026-10-26T07:00:00Z"),
        // Strictly after, to the fraction of a second.
        ("2026-10-25T06:59:59.999Z", "2026-10-25T07:00:00Z"),
        ("2026-10-25T07:00:00.001Z", "2026-10-26T07:00:00Z"),
    ])
    func dailyAtSeven(_ after: String, _ expected: String) {
        let moment = ISO8601DateFormatter.withFraction(after) ?? utc(after)
        #expect(london.next(hour: 7, after: moment) == utc(expected))
    }

    /// Weekly, Monday 07:00 in London: 23 March 2026 is GMT, 30 March BST, 19 October BST, 26 October GMT.
    @Test(arguments: [
        ("2026-03-23T06:59:00Z", "2026-03-23T07:00:00Z"),
        ("2026-03-23T07:00:00Z", "2026-03-30T06:00:00Z"),
        ("2026-03-25T12:00:00Z", "2026-03-30T06:00:00Z"),
        ("2026-03-29T20:00:00Z", "2026-03-30T06:00:00Z"),
        ("2026-03-30T05:59:00Z", "2026-03-30T06:00:00Z"),
        ("2026-10-19T06:00:00Z", "2026-10-26T07:00:00Z"),
        ("2026-10-25T20:00:00Z", "2026-10-26T07:00:00Z"),
        ("2026-10-26T07:00:00Z", "2026-11-02T07:00:00Z"),
    ])
    func weeklyOnMonday(_ after: String, _ expected: String) {
        #expect(london.next(hour: 7, weekday: 1, after: utc(after)) == utc(expected))
    }

    @Test func otherTimesAndZones() {
        #expect(
            london.next(hour: 16, minute: 30, weekday: 5, after: utc("2026-10-24T12:00:00Z"))
                == utc("2026-10-30T16:30:00Z"))  // the Friday after the change
        #expect(london.next(hour: 1, minute: 30, after: utc("2026-10-24T20:00:00Z")) == utc("2026-10-25T00:30:00Z"))
        #expect(london.next(hour: 1, minute: 30, after: utc("2026-10-25T00:30:00Z")) == utc("2026-10-26T01:30:00Z"))
        #expect(london.next(hour: 1, minute: 30, after: utc("2026-03-28T20:00:00Z")) == utc("2026-03-29T01:30:00Z"))
        #expect(london.next(hour: 0, after: utc("2026-03-28T12:00:00Z")) == utc("2026-03-29T00:00:00Z"))
        #expect(london.next(hour: 0, after: utc("2026-03-29T00:00:00Z")) == utc("2026-03-29T23:00:00Z"))
        #expect(newYork.next(hour: 7, after: utc("2026-03-07T20:00:00Z")) == utc("2026-03-08T11:00:00Z"))
        #expect(newYork.next(hour: 7, after: utc("2026-10-31T20:00:00Z")) == utc("2026-11-01T12:00:00Z"))
        #expect(clock("UTC").next(hour: 7, after: utc("2026-07-01T07:00:00Z")) == utc("2026-07-02T07:00:00Z"))
    }
}

@Suite struct ReadingTests {
    @Test func timesReadInLocalTime() {
        #expect(london.time(utc("2026-11-25T14:03:59Z")) == "25 Nov 2026, 14:03")
        #expect(london.time(utc("2026-07-01T08:05:00Z")) == "1 Jul 2026, 09:05")
        #expect(london.time(utc("2026-06-30T23:00:00Z")) == "1 Jul 2026, 00:00")
        #expect(london.time(utc("2026-12-31T23:59:00Z")) == "31 Dec 2026, 23:59")
        #expect(london.time(utc("2026-09-07T11:00:00Z")) == "7 Sep 2026, 12:00")
        #expect(newYork.time(utc("2026-01-15T02:00:00Z")) == "14 Jan 2026, 21:00")
        #expect(clock("Asia/Kolkata").time(utc("2026-01-15T02:00:00Z")) == "15 Jan 2026, 07:30")
    }

    @Test func zoneNames() {
        let winter = utc("2026-01-15T12:00:00Z")
        let summer = utc("2026-07-15T12:00:00Z")
        #expect(london.zoneName(at: winter) == "GMT")
        #expect(london.zoneName(at: summer) == "BST")
        #expect(clock("Europe/Paris").zoneName(at: winter) == "CET")
        #expect(clock("Europe/Paris").zoneName(at: summer) == "CEST")
        #expect(newYork.zoneName(at: winter) == "UTC-5")
        #expect(newYork.zoneName(at: summer) == "UTC-4")
        #expect(clock("Asia/Kolkata").zoneName(at: summer) == "UTC+5:30")
        #expect(clock("America/St_Johns").zoneName(at: winter) == "UTC-3:30")
        #expect(clock("UTC").zoneName(at: summer) == "UTC")
        #expect(clock("Europe/Dublin").zoneName(at: winter) == "GMT")
        #expect(clock("Europe/Dublin").zoneName(at: summer) == "UTC+1")
        #expect(newYork.offsetSeconds(at: winter) == -18_000)
    }

    @Test func oddInputsGiveAnswersNotCrashes() {
        var wild = day("2026-01-01")
        wild.year = Int.max
        wild.month = Int.min
        for moment in [
            Date(timeIntervalSince1970: .nan), Date(timeIntervalSince1970: .infinity),
            Date(timeIntervalSince1970: -.infinity), .distantPast, .distantFuture, Date(timeIntervalSince1970: 1e300),
        ] {
            _ = london.time(moment)
            _ = london.zoneName(at: moment)
            _ = london.offsetSeconds(at: moment)
            _ = london.next(hour: Int.max, minute: Int.min, weekday: Int.min, after: moment)
            let date = london.date(of: moment)
            #expect((day("1900-01-01")...day("2200-12-31")).contains(date))
        }
        _ = london.startOfDay(wild)
        _ = london.endOfDay(wild)
        _ = london.moment(wild, hour: -5, minute: 500)
        #expect(london.endOfDay(day("2200-12-31")) > london.startOfDay(day("2200-12-31")))
        #expect(london.moment(day("2026-01-05"), hour: 30, minute: -1) == utc("2026-01-05T23:00:00Z"))
        // -1 counts round to Saturday.
        #expect(london.next(hour: 9, weekday: -1, after: utc("2026-01-05T12:00:00Z")) == utc("2026-01-10T09:00:00Z"))
    }
}

/// SplitMix64: the same numbers on every run.
private struct SeededNumbers {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A moment between 2000 and 2100, to the millisecond.
    mutating func moment() -> Date {
        let start: UInt64 = 946_684_800_000
        let span: UInt64 = 4_102_444_800_000 - start
        return Date(timeIntervalSince1970: Double(start + next() % span) / 1_000)
    }
}

@Suite struct PropertyTests {
    static let zones = [
        "Europe/London", "America/New_York", "Europe/Dublin", "Australia/Sydney", "Asia/Kolkata", "America/Havana",
        "America/Santiago", "Pacific/Auckland", "UTC",
    ]

    @Test(arguments: zones)
    func nextSevenAndTheDayAroundAMoment(_ identifier: String) throws {
        let clock = try #require(SchoolClock(identifier: identifier))
        var numbers = SeededNumbers(state: 2_026)
        for _ in 0..<3_000 {
            let moment = numbers.moment()
            let today = clock.date(of: moment)
            let seven = clock.next(hour: 7, after: moment)
            #expect(seven > moment)
            #expect([today, today.adding(days: 1)].contains(clock.date(of: seven)), "\(moment)")
            #expect(clock.time(seven).hasSuffix(", 07:00"), "\(moment)")
            #expect(clock.startOfDay(today) <= moment && moment < clock.endOfDay(today), "\(moment)")
            #expect(clock.date(of: clock.startOfDay(today)) == today)
            let weekly = clock.next(hour: 7, weekday: 1, after: moment)
            #expect(weekly > moment && weekly.timeIntervalSince(moment) <= 7 * 86_400 + 7_200)
            #expect(clock.date(of: weekly).dayNumber % 7 == 4, "a Monday: 5 January 1970 is day 4")
        }
    }

    /// Foundation's own calendar agrees on the date of a moment and on when each day starts.
    @Test(arguments: zones)
    func agreesWithFoundationsCalendar(_ identifier: String) throws {
        let clock = try #require(SchoolClock(identifier: identifier))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: identifier))
        var numbers = SeededNumbers(state: 7)
        for _ in 0..<1_000 {
            let moment = numbers.moment()
            let parts = calendar.dateComponents([.year, .month, .day], from: moment)
            let expected = CalendarDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
            #expect(clock.date(of: moment) == expected)
            #expect(clock.startOfDay(clock.date(of: moment)) == calendar.startOfDay(for: moment), "\(moment)")
        }
    }
}

extension ISO8601DateFormatter {
    fileprivate static func withFraction(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
