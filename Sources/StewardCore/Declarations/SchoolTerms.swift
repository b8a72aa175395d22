// The school's terms (dates the school sets), for the termly privacy self-check (policy 4.1–4.3).

import Foundation

/// One term: its name and its first and last days.
public struct SchoolTerm: Sendable, Equatable, Codable {
    public var name: String
    public var starts: CalendarDate
    public var ends: CalendarDate

    public init(name: String, starts: CalendarDate, ends: CalendarDate) {
        self.name = name
        self.starts = starts
        self.ends = ends
    }
}

/// The school's terms in order, and which one a day falls in.
public struct SchoolTerms: Sendable, Equatable {
    public private(set) var terms: [SchoolTerm]

    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Terms sorted by their first day; refused when a term ends before it starts or two terms overlap.
    public init(_ terms: [SchoolTerm]) throws(Invalid) {
        let sorted = terms.sorted { $0.starts < $1.starts }
        for term in sorted where term.ends < term.starts {
            throw Invalid(message: "\(term.name) ends before it starts.")
        }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.starts <= a.ends {
            throw Invalid(message: "\(a.name) and \(b.name) overlap.")
        }
        self.terms = sorted
    }

    /// The term `day` falls in, or nil in a holiday.
    public func term(on day: CalendarDate) -> SchoolTerm? {
        terms.first { $0.starts <= day && day <= $0.ends }
    }

    /// The round of the self-check for the term in progress on `day` (or, in a holiday, the last term that has
    /// started), numbered by the term's first day (so a term added or renamed later leaves every other term's
    /// checks where they were): due `deadlineDays` after the term starts, never after it ends.
    public func round(
        on day: CalendarDate, deadlineDays: Int, audience: Set<PersonKind> = [.employee, .volunteer]
    )
        -> ObligationRound?
    {
        guard let term = terms.last(where: { $0.starts <= day }) else { return nil }
        let days = min(max(deadlineDays, 0), term.starts.days(until: term.ends))
        return ObligationRound(
            number: term.starts.dayNumber, opensOn: term.starts, deadlineDays: days, audience: audience)
    }

    /// Whether a check for `term` may still be completed on `day`: only while the term is open.
    public func isOpen(_ term: SchoolTerm, on day: CalendarDate) -> Bool {
        term.starts <= day && day <= term.ends
    }
}
