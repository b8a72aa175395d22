// Dates and times as a school reads them: in the school's own time zone, across the clock changes.

import Foundation

/// A school's time zone, and the dates and times it reads in it.
///
/// Moments are stored as instants (`Date`), the same everywhere. A `SchoolClock` says which day an instant falls on
/// in the school's zone, when a local day starts and ends, and when a local time such as 07:00 next comes round.
/// Every answer is worked out from the zone's offset from UTC at the instant concerned, so the last Sunday in March
/// (23 hours long in the UK) and the last Sunday in October (25 hours) come out right. It builds no formatter, is
/// cheap to copy and is safe to use from any thread. No input, however odd, makes it crash.
public struct SchoolClock: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The zone a school has until it chooses another.
    public static let defaultIdentifier = "Europe/London"

    /// UK time: GMT in winter, BST in summer.
    public static let london = SchoolClock(
        checked: defaultIdentifier, zone: TimeZone(identifier: defaultIdentifier) ?? .gmt)

    /// The zone's IANA name as the school chose it, such as `Europe/London`.
    public let identifier: String
    private let zone: TimeZone

    /// The clock for an IANA zone name such as `Europe/London`, `Europe/Dublin` or `America/New_York`, or `UTC`.
    ///
    /// Only a place name under one of the IANA regions (Africa, America, Antarctica, Arctic, Asia, Atlantic,
    /// Australia, Europe, Indian, Pacific) that Foundation knows is accepted, written exactly (no spaces, same
    /// capitals), or `UTC`. Abbreviations and fixed offsets (`BST`, `GMT`, `EST`, `GMT+1`, `Etc/GMT-1`) are refused,
    /// although Foundation would take them, because they do not change with the seasons: a school that chose `GMT`
    /// would see every summer time an hour out.
    public init?(identifier: String) {
        if identifier == "UTC" {
            self.init(checked: identifier, zone: .gmt)
            return
        }
        guard Self.isPlaceName(identifier), let zone = TimeZone(identifier: identifier) else { return nil }
        self.init(checked: identifier, zone: zone)
    }

    private init(checked identifier: String, zone: TimeZone) {
        self.identifier = identifier
        self.zone = zone
    }

    public var description: String { identifier }

    // MARK: Days

    /// The school's date at `moment`: 23:30 UTC on a summer evening is already the next day in London.
    ///
    /// Dates before 1900 or after 2200, which `CalendarDate` cannot hold, come out as 1 January 1900 or
    /// 31 December 2200.
    public func date(of moment: Date) -> CalendarDate {
        let seconds = Self.seconds(moment)
        let day = Self.floorDivide(seconds + offset(atSeconds: seconds), 86_400)
        return Self.calendarDate(dayNumber: min(max(day, Self.firstDayNumber), Self.lastDayNumber))
    }

    /// The moment `day` starts in the school's zone: local midnight, or, where the clocks go forward at midnight,
    /// the first moment the day has.
    public func startOfDay(_ day: CalendarDate) -> Date {
        Self.date(seconds: instant(atWall: Self.dayNumber(of: day) * 86_400, startingDay: true))
    }

    /// The moment `day` ends in the school's zone, which is when the next day starts. A deadline "on 29 March" is
    /// met by anything before it.
    public func endOfDay(_ day: CalendarDate) -> Date {
        Self.date(seconds: instant(atWall: (Self.dayNumber(of: day) + 1) * 86_400, startingDay: true))
    }

    // MARK: Times of day

    /// The moment the school's clocks show `hour:minute` on `day`.
    ///
    /// When the clocks go forward past that time it is read on the new clock, an hour later: 01:30 on the last
    /// Sunday in March in London is 02:30 BST (01:30 UTC). When the clocks go back and the time comes twice, it is
    /// the first time. An hour outside 0–23 or a minute outside 0–59 is taken as the nearest one inside.
    public func moment(_ day: CalendarDate, hour: Int, minute: Int = 0) -> Date {
        Self.date(seconds: instant(atWall: Self.dayNumber(of: day) * 86_400 + Self.secondsIntoDay(hour, minute)))
    }

    /// The first moment strictly after `moment` that the school's clocks show `hour:minute`, on `weekday` (0 for
    /// Sunday … 6 for Saturday) when one is given: daily mail at 07:00 goes at 07:00 GMT in winter and 07:00 BST in
    /// summer.
    ///
    /// Each day's time is the one `moment(_:hour:minute:)` gives, so a job never runs twice on the day the clocks go
    /// back, nor is skipped on the day they go forward. An hour or minute out of range is taken as the nearest one
    /// inside, and a weekday out of range counts round the week (7 is Sunday).
    public func next(hour: Int, minute: Int = 0, weekday: Int? = nil, after moment: Date) -> Date {
        let wallTime = Self.secondsIntoDay(hour, minute)
        let wanted = weekday.map { ($0 % 7 + 7) % 7 }
        let after = Self.clamped(moment)
        let seconds = Self.seconds(moment)
        let today = Self.floorDivide(seconds + offset(atSeconds: seconds), 86_400)
        var candidate = seconds
        for day in today...(today + 7) {
            if let wanted, Self.weekday(ofDayNumber: day) != wanted { continue }
            candidate = instant(atWall: day * 86_400 + wallTime)
            if Double(candidate) > after { break }
        }
        return Self.date(seconds: candidate)
    }

    // MARK: Reading a moment

    /// How `moment` reads on a page in the school's zone, on the 24-hour clock: `25 Nov 2026, 14:03`.
    public func time(_ moment: Date) -> String {
        let seconds = Self.seconds(moment)
        let local = seconds + offset(atSeconds: seconds)
        let day = Self.floorDivide(local, 86_400)
        let intoDay = local - day * 86_400
        let (year, month, dayOfMonth) = Self.civil(dayNumber: day)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let monthName = months.indices.contains(month - 1) ? months[month - 1] : String(month)
        let hours = Self.twoDigits(intoDay / 3_600)
        let minutes = Self.twoDigits(intoDay % 3_600 / 60)
        return "\(dayOfMonth) \(monthName) \(year), \(hours):\(minutes)"
    }

    /// The zone's short name at `moment`, as UK readers know it: `GMT` or `BST` in London, `CET` or `CEST` in Paris.
    /// Where there is no such name in British English the offset is given instead: `UTC+1` for Dublin in summer,
    /// `UTC-5` for New York in winter, `UTC+5:30` for Kolkata.
    public func zoneName(at moment: Date) -> String {
        let seconds = Self.seconds(moment)
        let offset = offset(atSeconds: seconds)
        guard identifier != "UTC" else { return "UTC" }
        let when = Self.date(seconds: seconds)
        let style: TimeZone.NameStyle = zone.isDaylightSavingTime(for: when) ? .shortDaylightSaving : .shortStandard
        if let name = zone.localizedName(for: style, locale: Self.britishEnglish), (2...5).contains(name.count),
            name.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }), name != "GMT" || offset == 0
        {
            return name
        }
        let size = abs(offset) / 60
        let hours = "UTC\(offset < 0 ? "-" : "+")\(size / 60)"
        return offset == 0 ? "UTC" : size % 60 == 0 ? hours : "\(hours):\(Self.twoDigits(size % 60))"
    }

    /// How far the school's clocks are ahead of UTC at `moment`, in seconds: 3600 in London in summer, 0 in winter.
    public func offsetSeconds(at moment: Date) -> Int {
        offset(atSeconds: Self.seconds(moment))
    }

    // MARK: Codable, equality

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let clock = SchoolClock(identifier: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "Not a time zone a school can use"))
        }
        self = clock
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(identifier)
    }

    public static func == (a: SchoolClock, b: SchoolClock) -> Bool { a.identifier == b.identifier }

    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    // MARK: Working

    private func offset(atSeconds seconds: Int) -> Int {
        zone.secondsFromGMT(for: Self.date(seconds: seconds))
    }

    /// The instant the school's clocks show `wall` (seconds since 1970 as read on them): the first of two when the
    /// clocks go back. When they go forward past it, the same reading on the new clock, or, for `startingDay`, the
    /// moment they change, which is the first moment of a day whose midnight is skipped.
    private func instant(atWall wall: Int, startingDay: Bool = false) -> Int {
        // The reading by the offset a day before, and by the offset a day after; both right when the time comes
        // twice, neither when the clocks skip it.
        let before = offset(atSeconds: wall - 86_400)
        let after = offset(atSeconds: wall + 86_400)
        let early = wall - before
        let late = wall - after
        switch (offset(atSeconds: early) == before, offset(atSeconds: late) == after) {
        case (true, true): return min(early, late)
        case (true, false): return early
        case (false, true): return late
        case (false, false):
            guard startingDay else { return early }
            // Before the change (at `late`) the old offset holds, from it (by `early`) the new one.
            var low = late
            var high = early
            while high - low > 1 {
                let middle = low + (high - low) / 2
                if offset(atSeconds: middle) == before { low = middle } else { high = middle }
            }
            return high
        }
    }

    private static let britishEnglish = Locale(identifier: "en_GB")

    private static let regions: Set<Substring> = [
        "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific",
    ]

    /// `Region/Place` or `Region/Area/Place`, in ASCII letters, `_` and `-`, at most 64 bytes.
    private static func isPlaceName(_ text: String) -> Bool {
        guard text.utf8.count <= 64,
            text.unicodeScalars.allSatisfy({
                ("A"..."Z").contains($0) || ("a"..."z").contains($0) || $0 == "_" || $0 == "-" || $0 == "/"
            })
        else { return false }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        return (2...3).contains(parts.count) && regions.contains(parts[0]) && parts.allSatisfy { !$0.isEmpty }
    }

    /// A moment in seconds since 1970, held within the years 1 to 9999 so no arithmetic on it can overflow.
    private static func clamped(_ moment: Date) -> Double {
        let seconds = moment.timeIntervalSince1970
        guard !seconds.isNaN else { return 0 }
        return min(max(seconds, -62_135_596_800), 253_402_300_799)
    }

    private static func seconds(_ moment: Date) -> Int { Int(clamped(moment).rounded(.down)) }

    private static func date(seconds: Int) -> Date { Date(timeIntervalSince1970: Double(seconds)) }

    private static func secondsIntoDay(_ hour: Int, _ minute: Int) -> Int {
        min(max(hour, 0), 23) * 3_600 + min(max(minute, 0), 59) * 60
    }

    private static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let quotient = a / b
        return a % b < 0 ? quotient - 1 : quotient
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    /// 0 for Sunday … 6 for Saturday; day 0, 1 January 1970, was a Thursday.
    private static func weekday(ofDayNumber day: Int) -> Int { ((day + 4) % 7 + 7) % 7 }

    /// Days since 1 January 1970 of a date, held within the years `CalendarDate` allows.
    private static func dayNumber(of date: CalendarDate) -> Int {
        dayNumber(
            year: min(max(date.year, 1900), 2200), month: min(max(date.month, 1), 12), day: min(max(date.day, 1), 31))
    }

    private static let firstDayNumber = dayNumber(year: 1900, month: 1, day: 1)
    private static let lastDayNumber = dayNumber(year: 2200, month: 12, day: 31)

    /// Howard Hinnant's days-from-civil.
    private static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
    }

    /// Howard Hinnant's civil-from-days.
    private static func civil(dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
    }

    private static func calendarDate(dayNumber: Int) -> CalendarDate {
        let (year, month, day) = civil(dayNumber: dayNumber)
        return CalendarDate(year: year, month: month, day: day)
            ?? CalendarDate(Date(timeIntervalSince1970: Double(dayNumber) * 86_400))
    }
}
