// What a governors' report is about: a school, or a trust's schools together, and a span of days.

import Foundation
import StewardCore

/// The schools and the days a report covers. A school's report has one school; the trust's has all of its schools,
/// counted together. Every figure counts the same records whoever reads it (`FigureReaders`), so the scope says
/// nothing of who prepares the report.
struct ReportScope: Sendable {
    /// Never empty.
    var schoolIDs: [UUID]
    var from: CalendarDate
    var to: CalendarDate
    /// The last day figures stand on: the end of the period, or today when the period has not ended.
    var asOf: CalendarDate
    var clock: SchoolClock

    init(schoolIDs: [UUID], from: CalendarDate, to: CalendarDate, today: CalendarDate, clock: SchoolClock) {
        self.schoolIDs = schoolIDs
        self.from = from
        self.to = to
        self.asOf = min(to, today)
        self.clock = clock
    }

    init(schoolID: UUID, from: CalendarDate, to: CalendarDate, today: CalendarDate, clock: SchoolClock) {
        self.init(schoolIDs: [schoolID], from: from, to: to, today: today, clock: clock)
    }

    /// Whether the report is about more than one school.
    var isTrust: Bool { schoolIDs.count > 1 }

    /// Whether `moment` falls on one of the report's days, on the school's clock.
    func contains(_ moment: Date) -> Bool {
        let day = clock.date(of: moment)
        return from <= day && day <= to
    }

    /// The last day of each week of the period (every seventh day from its first, and its last day), up to `asOf`.
    var weekEnds: [CalendarDate] {
        var days: [CalendarDate] = []
        var day = from.adding(days: 6)
        while day < asOf {
            days.append(day)
            day = day.adding(days: 7)
        }
        if from <= asOf { days.append(asOf) }
        return days
    }
}
