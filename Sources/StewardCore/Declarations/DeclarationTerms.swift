// The words of a declaration (policy 1.5, issue 14): who the other person is to the school, what the relationship
// is, what the reviewer decided, and "since when" as people actually remember it.

import Foundation

/// Who the other person is to the school.
public enum DeclarationParty: String, Sendable, CaseIterable, Codable {
    case pupil
    case parent
    case colleague
    case governor
    case contractor
    case other

    public var title: String {
        switch self {
        case .pupil: "A pupil on roll"
        case .parent: "A parent or carer of a pupil"
        case .colleague: "A colleague"
        case .governor: "A governor"
        case .contractor: "A contractor or supplier"
        case .other: "Someone else connected to the school"
        }
    }

    /// Whether the other person is picked from the pupil roster (a pupil, or a parent by their child).
    public var isOnRoll: Bool { self == .pupil || self == .parent }
    /// Whether the other person is picked from the school's people.
    public var isPerson: Bool { self == .colleague || self == .governor }
}

/// What the relationship is.
public enum DeclarationNature: String, Sendable, CaseIterable, Codable {
    case family
    case friend
    case neighbour
    case online
    case business
    case other

    public var title: String {
        switch self {
        case .family: "Family"
        case .friend: "Friend"
        case .neighbour: "Neighbour"
        case .online: "Connected online"
        case .business: "Business"
        case .other: "Something else"
        }
    }
}

/// What the reviewer decided.
public enum DeclarationOutcomeKind: String, Sendable, CaseIterable, Codable {
    case noted
    case advice
    case plan
    case passedToHeadteacher = "passed_to_headteacher"
    case passedToSafeguarding = "passed_to_safeguarding"

    public var title: String {
        switch self {
        case .noted: "Noted"
        case .advice: "Advice given"
        case .plan: "A plan agreed"
        case .passedToHeadteacher: "Passed to the headteacher"
        case .passedToSafeguarding: "Passed to the designated safeguarding lead"
        }
    }
}

/// "Since when": a year, a month of a year, or a day, as people remember it.
public struct ApproximateDate: Sendable, Equatable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?
    /// The earliest day it could mean.
    public let earliest: CalendarDate

    /// `2019`, `2019-03` or `2019-03-04` (also `03/2019` and `04/03/2019`); nil for anything else or a date that
    /// does not exist.
    public init?(parsing raw: String) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard (4...10).contains(text.count), text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "/") })
        else { return nil }
        if let full = CalendarDate(parsing: text) {
            self.init(year: full.year, month: full.month, day: full.day)
            return
        }
        guard text.count <= 7 else { return nil }
        let dash = text.split(separator: "-", omittingEmptySubsequences: false)
        let slash = text.split(separator: "/", omittingEmptySubsequences: false)
        if dash.count == 1, slash.count == 1, text.count == 4, let y = Int(text) {
            self.init(year: y, month: nil, day: nil)
        } else if dash.count == 2, dash[0].count == 4, (1...2).contains(dash[1].count), let y = Int(dash[0]),
            let m = Int(dash[1]), (1...12).contains(m)
        {
            self.init(year: y, month: m, day: nil)
        } else if slash.count == 2, slash[1].count == 4, (1...2).contains(slash[0].count), let m = Int(slash[0]),
            let y = Int(slash[1]), (1...12).contains(m)
        {
            self.init(year: y, month: m, day: nil)
        } else {
            return nil
        }
    }

    /// Nil when the day does not exist, a day is given without a month, or the year is outside 1900–2200.
    public init?(year: Int, month: Int?, day: Int?) {
        if day != nil, month == nil { return nil }
        guard let earliest = CalendarDate(year: year, month: month ?? 1, day: day ?? 1) else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.earliest = earliest
    }

    /// As stored: `2019`, `2019-03`, `2019-03-04`.
    public var description: String {
        var text = String(format: "%04d", year)
        if let month { text += String(format: "-%02d", month) }
        if let day { text += String(format: "-%02d", day) }
        return text
    }

    /// As read: `2019`, `March 2019`, `4 March 2019`.
    public var longForm: String {
        guard let month, (1...12).contains(month) else { return String(year) }
        if let day, let date = CalendarDate(year: year, month: month, day: day) { return date.longForm }
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(months[month - 1]) \(year)"
    }

    public static func < (a: ApproximateDate, b: ApproximateDate) -> Bool { a.earliest < b.earliest }
}

extension DeclarationRules {
    /// Checks "since when": a year, month or day, from 1900 to today (a relationship that has not begun yet is
    /// not one to declare).
    public static func since(
        _ raw: String?, today: CalendarDate, field: String = "since"
    ) -> Result<ApproximateDate, FieldError> {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .failure(FieldError(field, "Enter since when, even roughly: a year is enough.")) }
        guard let date = ApproximateDate(parsing: text) else {
            return .failure(FieldError(field, "Since when must be a year (2019), a month (2019-03) or a date."))
        }
        guard date.earliest <= today else {
            return .failure(FieldError(field, "Since when must be between 1900 and today."))
        }
        return .success(date)
    }

    /// The longest advice, plan or note a reviewer writes.
    public static let maxAdviceLength = 4_000
    /// The longest account a declarer gives of the relationship.
    public static let maxDetailLength = 2_000
}
