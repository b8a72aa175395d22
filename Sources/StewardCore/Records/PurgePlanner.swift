// When a record that has passed its period is removed: never without notice, never while held.

/// Decides, day by day, what the purge lists and what it removes.
///
/// A record is listed once its day is within the notice period, and removed on its day, but never sooner than the
/// notice period after it was first listed: a school that shortens a period, or a record found late, still gets the
/// full notice in which to place a hold.
public enum PurgePlanner {
    /// Days between a record first appearing on the list and its removal, at the least.
    public static let noticeDays = 30

    /// What happens to `record` on `today`, given whether it is held and the day it was first listed (nil if not).
    public static func decide(
        _ record: RetainedRecord, held: Bool, listedOn: CalendarDate?, today: CalendarDate
    ) -> PurgeDecision {
        if held { return .held }
        switch record.expiry {
        case .clockNotStarted: return .kept
        case .needsDecision(let why): return .needsDecision(why)
        case .removeOn(let day):
            guard day <= today.adding(days: noticeDays) else { return .kept }
            let listed = min(listedOn ?? today, today)
            let removeOn = max(day, listed.adding(days: noticeDays))
            return removeOn <= today ? .remove : .listed(removeOn: removeOn)
        }
    }
}
