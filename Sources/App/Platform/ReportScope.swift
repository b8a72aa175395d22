// What a governors' report is about: a school, a span of days, and whose knowledge it may draw on.

import Foundation
import StewardCore

/// The school and the days a report covers, and who is preparing it: a report leaves out whatever that person must
/// not know exists (a concern about the headteacher, when the headteacher prepares it), because its figures would
/// tell them.
struct ReportScope: Sendable {
    var schoolID: UUID
    var from: CalendarDate
    var to: CalendarDate
    /// The last day figures stand on: the end of the period, or today when the period has not ended.
    var asOf: CalendarDate
    var preparer: Actor
    var clock: SchoolClock

    init(schoolID: UUID, from: CalendarDate, to: CalendarDate, today: CalendarDate, preparer: Actor, clock: SchoolClock)
    {
        self.schoolID = schoolID
        self.from = from
        self.to = to
        self.asOf = min(to, today)
        self.preparer = preparer
        self.clock = clock
    }

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
