// A retention period in whole months, as schedules state them ("6 years", "1 year", "25 years").

import Foundation

/// A retention period in whole months.
public struct RetentionPeriod: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var months: Int

    public init(months: Int) {
        self.months = months
    }

    public static func years(_ years: Int) -> RetentionPeriod { RetentionPeriod(months: years * 12) }

    /// The longest period any rule may have: a century.
    public static let longest = RetentionPeriod.years(100)

    public static func < (a: RetentionPeriod, b: RetentionPeriod) -> Bool { a.months < b.months }

    /// "6 years", "18 months", "1 year and 6 months", "at once".
    public var description: String {
        let years = months / 12
        let rest = months % 12
        func plural(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }
        switch (years, rest) {
        case (0, 0): return "at once"
        case (0, _): return plural(rest, "month")
        case (_, 0): return plural(years, "year")
        default: return plural(years, "year") + " and " + plural(rest, "month")
        }
    }

    /// The date this period after `start`: the same day of the month, or the month's last day when it has fewer
    /// (29 February and 6 years is 28 February; 31 August and 6 months is 28 or 29 February).
    public func after(_ start: CalendarDate) -> CalendarDate {
        let total = start.year * 12 + (start.month - 1) + months
        let year = total / 12
        let month = total % 12 + 1
        let day = min(start.day, CalendarDate.daysIn(month: month, year: year))
        return CalendarDate(year: year, month: month, day: day)
            ?? CalendarDate(year: min(max(year, 1900), 2200), month: month, day: day) ?? start
    }

    /// Reads what a person types: "6" or "6 years", "18 months", "1 year 6 months", and "at once" as shown; nil for
    /// anything else.
    public init?(parsing text: String) {
        guard let months = Self.months(in: text), months <= RetentionPeriod.longest.months else { return nil }
        self.init(months: months)
    }

    /// The months `text` says, read as `init(parsing:)` reads it but with no upper limit, so a message can say "at most
    /// 100 years" to someone who typed 101 years rather than that it could not be read; nil if it is not a period.
    public static func months(in text: String) -> Int? {
        if text.trimmingCharacters(in: .whitespaces).lowercased() == "at once" { return 0 }
        let words = text.lowercased().replacingOccurrences(of: "and", with: " ").split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty, words.count <= 4 else { return nil }
        if words.count == 1, let years = Int(words[0]), (0...100_000).contains(years) { return years * 12 }
        var months = 0
        var index = 0
        var seen = Set<String>()
        while index < words.count {
            guard index + 1 < words.count, let n = Int(words[index]), (0...100_000).contains(n) else { return nil }
            let unit = words[index + 1]
            if ["year", "years"].contains(unit), seen.insert("y").inserted {
                months += n * 12
            } else if ["month", "months"].contains(unit), seen.insert("m").inserted {
                months += n
            } else {
                return nil
            }
            index += 2
        }
        return months
    }
}
