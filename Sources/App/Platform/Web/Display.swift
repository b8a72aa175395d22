// How moments and dates read on a page, the same on every page, on the clock of the school being worked in.

import Foundation
import StewardCore

enum Display {
    /// The clock of the school a request, job or command is working for: set once per request by
    /// `SchoolClockMiddleware` and per school by the jobs, so every date shown, deadline and morning mail follows it.
    @TaskLocal static var clock: SchoolClock = .london

    /// `25 Nov 2026, 14:03`: when something happened, to the minute, in the school's time.
    static func time(_ date: Date?) -> String {
        guard let date else { return "" }
        return clock.time(date)
    }

    /// `25 November 2026`: the day something happened, in the school's time.
    static func date(_ date: Date?) -> String { date.map { clock.date(of: $0).longForm } ?? "" }

    /// An audit entry's stored UTC time (`2026-11-25T08:13:53.123Z`) in the school's time, to the second:
    /// `25 Nov 2026, 08:13:53`. Anything that is not such a time is shown as it is.
    static func time(auditTimestamp stored: String) -> String {
        let digits = stored.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count >= 6, let day = CalendarDate(year: digits[0], month: digits[1], day: digits[2]),
            (0..<24).contains(digits[3]), (0..<60).contains(digits[4]), (0..<61).contains(digits[5])
        else { return stored }
        let seconds = day.dayNumber * 86_400 + digits[3] * 3_600 + digits[4] * 60 + digits[5]
        let moment = Date(timeIntervalSince1970: TimeInterval(seconds))
        return clock.time(moment) + ":" + (digits[5] < 10 ? "0" : "") + String(digits[5])
    }

    /// The school's date today.
    static var today: CalendarDate { clock.date(of: Date()) }
}
