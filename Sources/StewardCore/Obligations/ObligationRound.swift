// One round of something everyone in an audience must do by a deadline: acknowledge a policy version (1.1, 3a–b),
// confirm their declarations for the year (1.5), complete a term's privacy check (4.1–4.3).

import Foundation

/// One round of an obligation: it opens on a day, is due some days later, and asks some kinds of people.
public struct ObligationRound: Sendable, Equatable {
    /// What identifies the round among its kind: a version number, a year, a term's number. A later round meets an
    /// earlier one (acknowledging version 3 covers version 2).
    public var number: Int
    public var opensOn: CalendarDate
    public var deadlineDays: Int
    public var audience: Set<PersonKind>

    public init(number: Int, opensOn: CalendarDate, deadlineDays: Int, audience: Set<PersonKind>) {
        self.number = number
        self.opensOn = opensOn
        self.deadlineDays = deadlineDays
        self.audience = audience
    }
}
