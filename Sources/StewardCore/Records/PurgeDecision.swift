// What the daily purge does with one record today.

/// What the daily purge does with one record today.
public enum PurgeDecision: Sendable, Equatable {
    /// Its time has not come, or is more than the notice period away: nothing to say yet.
    case kept
    /// A legal hold on it, its case or a person it is about keeps it, whatever its period.
    case held
    /// Its period cannot be counted: someone must decide (it is kept meanwhile).
    case needsDecision(String)
    /// On the list of what will be removed, on this day.
    case listed(removeOn: CalendarDate)
    /// Removed today.
    case remove
}
