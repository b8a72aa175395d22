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

    public var isOverdue: Bool {
        if case .overdue = self { true } else { false }
    }

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

/// Acknowledgement figures for one policy, by group: what the headteacher and governors see (policy 3).
public struct PolicyCoverage: Sendable, Equatable {
    public struct Figures: Sendable, Equatable, Codable {
        /// People the current version asks.
        public var asked = 0
        public var acknowledged = 0
        public var due = 0
        public var overdue = 0
        /// Acknowledged as a share of those asked, 0–100, rounded down; 100 when no one is asked.
        public var percent: Int { asked == 0 ? 100 : acknowledged * 100 / asked }

        public init() {}
    }

    public struct Person: Sendable {
        public var id: UUID
        public var kind: PersonKind
        public var startDate: CalendarDate?
        public var acknowledged: Set<Int>

        public init(id: UUID, kind: PersonKind, startDate: CalendarDate?, acknowledged: Set<Int>) {
            self.id = id
            self.kind = kind
            self.startDate = startDate
            self.acknowledged = acknowledged
        }
    }

    public var byKind: [PersonKind: Figures]
    public var total: Figures
    /// Everyone still to acknowledge, with their status, most overdue first.
    public var outstanding: [(id: UUID, status: AcknowledgementStatus)]

    public static func == (a: PolicyCoverage, b: PolicyCoverage) -> Bool {
        a.byKind == b.byKind && a.total == b.total && a.outstanding.map(\.id) == b.outstanding.map(\.id)
    }

    public init(versions: [PublishedVersion], people: [Person], today: CalendarDate) {
        var byKind: [PersonKind: Figures] = [:]
        for kind in PersonKind.allCases { byKind[kind] = Figures() }
        var total = Figures()
        var outstanding: [(UUID, AcknowledgementStatus)] = []
        for person in people {
            let status = PolicyCompliance.status(
                versions: versions, acknowledged: person.acknowledged, kind: person.kind,
                startDate: person.startDate, today: today)
            var figures = byKind[person.kind] ?? Figures()
            switch status {
            case .notRequired: continue
            case .acknowledged: figures.acknowledged += 1
            case .due: figures.due += 1
            case .overdue: figures.overdue += 1
            }
            figures.asked += 1
            byKind[person.kind] = figures
            total.asked += 1
            if case .acknowledged = status { total.acknowledged += 1 }
            if case .due = status { total.due += 1 }
            if case .overdue = status { total.overdue += 1 }
            if status.isOutstanding { outstanding.append((person.id, status)) }
        }
        func rank(_ status: AcknowledgementStatus) -> Int {
            switch status {
            case .overdue(_, let days): -days
            case .due(let deadline): deadline.dayNumber
            default: Int.max
            }
        }
        self.byKind = byKind
        self.total = total
        self.outstanding = outstanding.sorted { rank($0.1) < rank($1.1) }
    }
}
