// How names, e-mail addresses, dates and passwords are checked before anything is stored.

import Foundation

/// Checks for the short pieces of text people type into Steward.
public enum TextRules {
    /// Trims and checks a one-line text such as a name or job title.
    ///
    /// Control characters (including the invisible ones that reorder or hide text) are refused rather than
    /// stripped, so what is stored is exactly what the person saw.
    public static func line(
        _ raw: String?, field: String, label: String, required: Bool = true, maxLength: Int = 100
    ) -> Result<String, FieldError> {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            return required ? .failure(FieldError(field, "Enter \(label.lowercased()).")) : .success("")
        }
        if text.count > maxLength {
            return .failure(FieldError(field, "\(label) must be \(maxLength) characters or fewer."))
        }
        if text.unicodeScalars.contains(where: isHiddenOrControl) {
            return .failure(FieldError(field, "\(label) contains a line break or an invisible character."))
        }
        return .success(text)
    }

    /// Text with every line ending as "\n": browsers send "\r\n" from a text box (HTML says so), old Mac files "\r",
    /// and Swift counts "\r\n" as one character, so splitting on "\n" alone finds no line at all.
    public static func unixLines(_ text: String) -> String {
        guard text.unicodeScalars.contains("\r") else { return text }
        // Scalar by scalar: Foundation's replacingOccurrences misses a "\r" that a combining mark follows.
        var unix = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            if !(afterCR && scalar == "\n") { unix.append(scalar == "\r" ? "\n" : scalar) }
            afterCR = scalar == "\r"
        }
        return String(unix)
    }

    /// The lines of `text`, whatever ends them ("\r\n", "\r" or "\n"), empty lines kept so numbers match the text.
    public static func lines(_ text: String) -> [Substring] {
        let unix = unixLines(text)
        return unix[...].split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Trims and checks text of several lines (what happened, a reason): line breaks and tabs are kept, other controls
    /// and invisible characters refused.
    public static func paragraph(
        _ raw: String?, field: String, label: String, required: Bool = true, maxLength: Int
    ) -> Result<String, FieldError> {
        let text = unixLines(raw ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        if text.isEmpty {
            return required ? .failure(FieldError(field, "Enter \(label.lowercased()).")) : .success("")
        }
        if text.count > maxLength {
            return .failure(FieldError(field, "\(label) must be \(maxLength) characters or fewer."))
        }
        if text.unicodeScalars.contains(where: { $0 != "\n" && $0 != "\t" && isHiddenOrControl($0) }) {
            return .failure(FieldError(field, "\(label) contains an invisible or control character."))
        }
        return .success(text)
    }

    /// Characters that have no business in a name: controls, line breaks, and bidirectional or zero-width marks.
    public static func isHiddenOrControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
            return true
        default:
            return false
        }
    }

    /// Trims, lower-cases and checks an e-mail address.
    public static func email(_ raw: String?, field: String = "email") -> Result<String, FieldError> {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if text.isEmpty { return .failure(FieldError(field, "Enter an email address.")) }
        if text.utf8.count > 254 {
            return .failure(FieldError(field, "Email address must be 254 characters or fewer."))
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        let valid =
            parts.count == 2 && !parts[0].isEmpty && parts[0].count <= 64 && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !parts[1].contains("..")
            && text.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && $0.value < 127 }
            && !text.contains(where: { "()<>,;:\\\"[] ".contains($0) })
        return valid
            ? .success(text)
            : .failure(FieldError(field, "Enter an email address in the correct format, like name@example.org."))
    }

    /// Parses a calendar date written `YYYY-MM-DD` (what a date field sends) or `DD/MM/YYYY` (how UK schools write).
    public static func date(
        _ raw: String?, field: String, label: String, required: Bool
    ) -> Result<
        CalendarDate?, FieldError
    > {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            return required ? .failure(FieldError(field, "Enter \(label.lowercased()).")) : .success(nil)
        }
        guard let date = CalendarDate(parsing: text) else {
            return .failure(FieldError(field, "\(label) must be a real date, like 2025-09-01 or 01/09/2025."))
        }
        return .success(date)
    }

    /// Bcrypt reads only the first 72 bytes of a password; longer ones are refused, never cut short.
    public static let maxPasswordBytes = 72
    public static let minPasswordLength = 10

    /// Checks a new password.
    public static func newPassword(_ raw: String?, field: String = "password") -> Result<String, FieldError> {
        let text = raw ?? ""
        if text.count < minPasswordLength {
            return .failure(FieldError(field, "Password must be at least \(minPasswordLength) characters."))
        }
        if text.utf8.count > maxPasswordBytes {
            return .failure(
                FieldError(
                    field, "Password must be at most \(maxPasswordBytes) bytes (fewer if it has accents or symbols)."))
        }
        return .success(text)
    }

    /// A new password typed twice: its problems, or none when it is acceptable and both match.
    public static func newPassword(_ raw: String?, confirmedBy confirm: String?) -> [FieldError] {
        switch newPassword(raw) {
        case .failure(let error): [error]
        case .success(let password) where password != confirm:
            [FieldError("confirm", "The two new passwords do not match.")]
        case .success: []
        }
    }
}

/// A day in the school calendar, without a time or zone: start and leaving dates.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month), day >= 1,
            day <= CalendarDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `2025-09-01` or `01/09/2025`.
    public init?(parsing text: String) {
        let iso = text.split(separator: "-", omittingEmptySubsequences: false)
        let uk = text.split(separator: "/", omittingEmptySubsequences: false)
        if iso.count == 3, iso[0].count == 4, iso[1].count == 2, iso[2].count == 2, let y = Int(iso[0]),
            let m = Int(iso[1]), let d = Int(iso[2])
        {
            self.init(year: y, month: m, day: d)
        } else if uk.count == 3, uk[2].count == 4, (1...2).contains(uk[0].count), (1...2).contains(uk[1].count),
            let d = Int(uk[0]), let m = Int(uk[1]), let y = Int(uk[2])
        {
            self.init(year: y, month: m, day: d)
        } else {
            return nil
        }
    }

    /// The date a moment falls on in UTC (school times are close enough to UTC for dates of employment).
    public init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        self.year = c.year ?? 1970
        self.month = c.month ?? 1
        self.day = c.day ?? 1
    }

    /// Days since 1 January 1970 (negative before), by the civil-from-days arithmetic `UTCTime` inverts.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        let t = UTCTime(Date(timeIntervalSince1970: Double(dayNumber + days) * 86_400))
        return CalendarDate(year: t.year, month: t.month, day: t.day) ?? self
    }

    /// Whole days from this date to `other`.
    public func days(until other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// ISO 8601, as stored.
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// `1 September 2025`, as a person reads it.
    public var longForm: String {
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        guard (1...12).contains(month) else { return description }
        return "\(day) \(months[month - 1]) \(year)"
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = CalendarDate(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Not a date"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
