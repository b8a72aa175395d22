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

/// Where one person stands with one policy: the obligation engine's status, a round being a version.
public typealias AcknowledgementStatus = ObligationStatus

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
        Obligations.status(
            in: versionThatCounts(versions)?.round, met: acknowledged, kind: kind, startDate: startDate, today: today)
    }
}

extension PublishedVersion {
    /// The version as a round of the obligation to acknowledge the policy.
    public var round: ObligationRound {
        ObligationRound(number: number, opensOn: publishedOn, deadlineDays: deadlineDays, audience: audience)
    }
}

/// Acknowledgement figures for one policy, by group: what the headteacher and governors see (policy 3).
public typealias PolicyCoverage = ObligationCoverage

extension ObligationCoverage {
    /// The figures for the version of a policy that counts.
    public init(versions: [PublishedVersion], people: [Person], today: CalendarDate) {
        self.init(round: PolicyCompliance.versionThatCounts(versions)?.round, people: people, today: today)
    }
}
