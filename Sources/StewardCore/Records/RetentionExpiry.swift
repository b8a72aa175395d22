// When a record may be removed under its rule, or why that cannot be said yet.

/// When a record may be removed under its retention rule.
public enum RetentionExpiry: Sendable, Equatable {
    /// Its clock has not started: the case is open, the person is still at the school.
    case clockNotStarted
    /// It may be removed on this day or after.
    case removeOn(CalendarDate)
    /// Steward cannot count its period (a date is missing): someone must decide.
    case needsDecision(String)

    /// Whether it is due for removal on `today`.
    public func isDue(on today: CalendarDate) -> Bool {
        if case .removeOn(let day) = self { return day <= today }
        return false
    }
}
