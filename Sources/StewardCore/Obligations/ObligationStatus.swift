// Where one person stands with one obligation.

/// Where one person stands with one round of an obligation.
public enum ObligationStatus: Sendable, Equatable {
    /// Not in the round's audience.
    case notRequired
    /// Done, in round `round` (that round or a later one).
    case met(round: Int)
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
        case .notRequired, .met: false
        }
    }
}

/// The one engine for "who must do what by when": every obligation reads its status here.
public enum Obligations {
    /// A person's status in `round`: meeting it or any later round is enough. A new starter's deadline runs from
    /// their start date when that is after the round opened (and, with `starterDays`, is that many days from it).
    public static func status(
        in round: ObligationRound?, met: Set<Int>, kind: PersonKind, startDate: CalendarDate?, today: CalendarDate,
        starterDays: Int? = nil
    ) -> ObligationStatus {
        guard let round, round.audience.contains(kind) else { return .notRequired }
        if let done = met.filter({ $0 >= round.number }).max() { return .met(round: done) }
        let starter = startDate.map { $0 > round.opensOn } ?? false
        let from = starter ? (startDate ?? round.opensOn) : round.opensOn
        let deadline = from.adding(days: starter ? (starterDays ?? round.deadlineDays) : round.deadlineDays)
        if today > deadline { return .overdue(deadline: deadline, days: deadline.days(until: today)) }
        return .due(deadline: deadline)
    }
}
