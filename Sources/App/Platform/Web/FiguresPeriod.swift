// The date range a figures page counts ("from 1 September to 31 December"), read from its query and carried into its
// spreadsheet link, so a governor's term and the headteacher's download count the same things.

import Foundation
import StewardCore
import Vapor

struct FiguresPeriod: Sendable {
    var from: CalendarDate?
    var to: CalendarDate?
    /// What was typed, so a refused date stays in its box.
    var typedFrom: String
    var typedTo: String
    var errors: [FieldError]

    /// Reads `from` and `to` (as a date field sends them, or as people write them: 2026-09-01, 1/9/2026). With
    /// `wholeMonths`, the period grows to whole calendar months: figures about few people (concerns) must not be
    /// narrowed, or compared across neighbouring periods, down to the day something was reported.
    init(_ req: Request, wholeMonths: Bool = false) {
        typedFrom = String((req.query[String.self, at: "from"] ?? "").prefix(40)).trimmingCharacters(in: .whitespaces)
        typedTo = String((req.query[String.self, at: "to"] ?? "").prefix(40)).trimmingCharacters(in: .whitespaces)
        errors = []
        from = typedFrom.isEmpty ? nil : CalendarDate(parsing: typedFrom)
        to = typedTo.isEmpty ? nil : CalendarDate(parsing: typedTo)
        if !typedFrom.isEmpty && from == nil {
            errors.append(FieldError("from", "Enter the first day as a date, for example 2026-09-01."))
        }
        if !typedTo.isEmpty && to == nil {
            errors.append(FieldError("to", "Enter the last day as a date, for example 2026-12-18."))
        }
        if let from, let to, to < from { errors.append(FieldError("to", "The last day cannot be before the first.")) }
        if !errors.isEmpty { (from, to) = (nil, nil) }
        if wholeMonths {
            from = from.flatMap { CalendarDate(year: $0.year, month: $0.month, day: 1) }
            to = to.flatMap {
                CalendarDate(year: $0.year, month: $0.month, day: CalendarDate.daysIn(month: $0.month, year: $0.year))
            }
        }
    }

    /// Whether `moment` falls in the period, on the school's clock (every moment when no period is set).
    func contains(_ moment: Date) -> Bool {
        let day = Display.clock.date(of: moment)
        if let from, day < from { return false }
        if let to, day > to { return false }
        return true
    }

    /// "from 1 September 2026 to 18 December 2026", or "" for all time.
    var description: String {
        switch (from, to) {
        case (let a?, let b?): "from \(a.longForm) to \(b.longForm)"
        case (let a?, nil): "from \(a.longForm)"
        case (nil, let b?): "up to \(b.longForm)"
        case (nil, nil): ""
        }
    }

    /// The query that asks for the same period (`?from=…&to=…`), or "".
    var query: String {
        let parts = [from.map { "from=\($0.description)" }, to.map { "to=\($0.description)" }].compactMap { $0 }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}
