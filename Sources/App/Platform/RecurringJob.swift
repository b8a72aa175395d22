// Work that falls due again and again.

import Fluent
import StewardCore
import Vapor

/// Work that falls due again and again.
struct RecurringJob: Sendable {
    enum Schedule: Sendable {
        /// One job for the whole instance: first at `firstDue(now)`, then every `seconds`.
        case every(seconds: Int, firstDue: @Sendable (Date) -> Date)
        /// One job per school, at `hour`:00 on the school's own clock every day (on `weekday` only, 0 Sunday …
        /// 6 Saturday, when given), so morning mail goes at 07:00 in London in winter and in summer alike.
        case schoolTime(hour: Int, weekday: Int?)
    }

    var kind: String
    var schedule: Schedule
    /// Runs one job; a school-time job names its school (`job.$school.id`) and runs on that school's clock.
    var run: JobHandler

    /// Seconds between runs, as stored on the job (a recurring job is one with an interval).
    var interval: Int {
        switch schedule {
        case .every(let seconds, _): seconds
        case .schoolTime(_, let weekday): weekday == nil ? 86_400 : 7 * 86_400
        }
    }
}
