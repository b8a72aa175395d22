// The days a governors' report covers: a term the school set, or any span of up to a year that has begun.

import Foundation

/// Checks the days a report is asked to cover.
public enum ReportPeriod {
    /// The longest span a report covers: a school year and a day.
    public static let longestDays = 366

    /// The first and last day from what was typed, or the errors, each naming its field (`from`, `to`).
    public static func validate(
        from: String?, to: String?, today: CalendarDate
    ) -> Result<
        (from: CalendarDate, to: CalendarDate), InvalidInput
    > {
        var errors: [FieldError] = []
        let first = day(from, field: "from", name: "first day", errors: &errors)
        let last = day(to, field: "to", name: "last day", errors: &errors)
        if let first, let last {
            if last < first {
                errors.append(FieldError("to", "The last day must be on or after the first day."))
            } else if first.days(until: last) >= longestDays {
                errors.append(
                    FieldError(
                        "to",
                        "A report covers a year at most: choose a last day before \(first.adding(days: longestDays).longForm)."
                    ))
            }
            if today < first {
                errors.append(FieldError("from", "The first day has not come yet: choose today or a day before it."))
            }
        }
        guard errors.isEmpty, let first, let last else { return .failure(InvalidInput(errors)) }
        return .success((first, last))
    }

    private static func day(_ text: String?, field: String, name: String, errors: inout [FieldError]) -> CalendarDate? {
        let typed = (text ?? "").trimmingCharacters(in: .whitespaces)
        if typed.isEmpty {
            errors.append(FieldError(field, "Enter the \(name)."))
            return nil
        }
        guard typed.count <= 40, let day = CalendarDate(parsing: typed) else {
            errors.append(FieldError(field, "Enter the \(name) as a date, for example 2026-09-01."))
            return nil
        }
        return day
    }
}
