// One record a line of the retention schedule covers, as the purge sees it.

import Foundation

/// One record a line of the retention schedule covers: when it may go, and whom and which case it is about (a legal
/// hold on any of them keeps it).
public struct RetainedRecord: Sendable, Equatable {
    public var id: UUID
    /// The schedule line that decides when it goes (for a case several lines can apply: the one that keeps it
    /// longest).
    public var rule: String
    public var expiry: RetentionExpiry
    /// Everyone it is about: a hold on any of them keeps it.
    public var people: Set<UUID>
    /// The case it is, or belongs to: a hold on the case keeps it.
    public var caseID: UUID?
    /// How a headteacher finds it (a case's reference), for records that need a decision; nil for the rest.
    public var reference: String?

    public init(
        id: UUID, rule: String, expiry: RetentionExpiry, people: Set<UUID> = [], caseID: UUID? = nil,
        reference: String? = nil
    ) {
        self.id = id
        self.rule = rule
        self.expiry = expiry
        self.people = people
        self.caseID = caseID
        self.reference = reference
    }

    /// The expiry under several lines of the schedule at once: the latest day any of them gives; a line whose clock
    /// has not started keeps the record, and one that cannot be counted needs a decision.
    public static func latest(_ expiries: [RetentionExpiry]) -> RetentionExpiry {
        var latest: CalendarDate?
        for expiry in expiries {
            switch expiry {
            case .needsDecision: return expiry
            case .clockNotStarted: continue
            case .removeOn(let day): latest = max(latest ?? day, day)
            }
        }
        if expiries.contains(.clockNotStarted) { return .clockNotStarted }
        return latest.map(RetentionExpiry.removeOn) ?? .clockNotStarted
    }
}
