// Who must acknowledge which version of a policy, by when, and whether they have (policy 1.1, 3a–b).

import Foundation

/// One published version, as the rules need it.
public struct PublishedVersion: Sendable, Equatable {
    public var number: Int
    /// A material change: everyone in the audience must acknowledge it. A minor correction does not ask again.
    public var requiresAcknowledgement: Bool
    public var publishedOn: CalendarDate
    public var deadlineDays: Int
    public var audience: Set<PersonKind>

    public init(
        number: Int, requiresAcknowledgement: Bool, publishedOn: CalendarDate, deadlineDays: Int,
        audience: Set<PersonKind>
    ) {
        self.number = number
        self.requiresAcknowledgement = requiresAcknowledgement
        self.publishedOn = publishedOn
        self.deadlineDays = deadlineDays
        self.audience = audience
    }
}

/// Where one person stands with one policy.
public enum AcknowledgementStatus: Sendable, Equatable {
    /// Not in the audience of the version that counts.
    case notRequired
    /// Acknowledged version `number` on a day (a later minor correction does not ask again).
    case acknowledged(version: Int)
    /// Still to do, by `deadline`.
    case due(deadline: CalendarDate)
    /// Past `deadline` by `days`.
    case overdue(deadline: CalendarDate, days: Int)

    public var isOutstanding: Bool {
        switch self {
        case .due, .overdue: true
        case .notRequired, .acknowledged: false
        }
    }
}

public enum PolicyCompliance {
    /// The version people must have acknowledged: the latest material one (the first published always is).
    public static func versionThatCounts(_ versions: [PublishedVersion]) -> PublishedVersion? {
        versions.filter(\.requiresAcknowledgement).max { $0.number < $1.number }
            ?? versions.min { $0.number < $1.number }
    }

    /// A person's status: acknowledging the version that counts, or any later one, is enough. A new starter's
    /// deadline runs from their start date when that is after the version was published.
    public static func status(
        versions: [PublishedVersion], acknowledged: Set<Int>, kind: PersonKind, startDate: CalendarDate?,
        today: CalendarDate
    ) -> AcknowledgementStatus {
        guard let counts = versionThatCounts(versions), counts.audience.contains(kind) else { return .notRequired }
        if let done = acknowledged.filter({ $0 >= counts.number }).max() { return .acknowledged(version: done) }
        let from = max(counts.publishedOn, startDate ?? counts.publishedOn)
        let deadline = from.adding(days: counts.deadlineDays)
        if today > deadline { return .overdue(deadline: deadline, days: deadline.days(until: today)) }
        return .due(deadline: deadline)
    }
}
