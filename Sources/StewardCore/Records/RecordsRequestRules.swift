// Requests a person makes about their records (UK GDPR articles 15–17): to see them, to have them corrected, to have
// them erased; when each must be answered, and what a refusal must say.

/// What a person asked for.
public enum RecordsRequestKind: String, Sendable, Codable, CaseIterable {
    /// A copy of everything held about them (subject access).
    case access
    /// Something held about them corrected.
    case rectification
    /// Something held about them removed.
    case erasure

    public var title: String {
        switch self {
        case .access: "Subject access: a copy of everything held about them"
        case .rectification: "Rectification: something held about them corrected"
        case .erasure: "Erasure: something held about them removed"
        }
    }

    public var shortTitle: String {
        switch self {
        case .access: "Subject access request"
        case .rectification: "Request to correct records"
        case .erasure: "Request to erase records"
        }
    }
}

/// How a request was answered.
public enum RecordsRequestOutcome: String, Sendable, Codable, CaseIterable {
    case done
    case partly
    case refused

    public var title: String {
        switch self {
        case .done: "Done in full"
        case .partly: "Done in part"
        case .refused: "Refused"
        }
    }
}

/// The rules every request follows.
public enum RecordsRequestRules {
    /// The deadline: one calendar month from the day the request was received (the end of the shorter month when it
    /// has no such day: 31 January is due on 28 or 29 February).
    public static func due(received: CalendarDate) -> CalendarDate { RetentionPeriod(months: 1).after(received) }

    /// The basis a refusal or partial answer names when it is a legal hold rather than a line of the schedule.
    public static let legalHoldBasis = "legal_hold"

    /// The basis a refused or partial correction names when the record is right as it stands (UK GDPR article 16
    /// needs it to be inaccurate or incomplete): the person's view is noted, the record kept.
    public static let accurateBasis = "accurate"

    /// The basis for refusing any request that is manifestly unfounded or excessive (UK GDPR article 12(5)).
    public static let unfoundedBasis = "unfounded"

    /// Why an outcome cannot be recorded as given, or nil when it can: a refusal, or a partial answer, of an erasure
    /// or a rectification names its basis (a line of the retention schedule, or a legal hold, or for a correction that
    /// the record is accurate) and a reason; every outcome but "done" gives a reason.
    public static func problems(
        kind: RecordsRequestKind, outcome: RecordsRequestOutcome?, basis: String?, reason: String,
        schedule: Set<String>
    ) -> [FieldError] {
        guard let outcome else { return [FieldError("outcome", "Choose how the request was answered.")] }
        var errors: [FieldError] = []
        if outcome != .done && reason.isEmpty {
            errors.append(FieldError("reason", "Say why it was not done in full."))
        }
        if outcome != .done && kind != .access {
            let basis = basis ?? ""
            // A correction is refused because the record is right, not because of how long it is kept or a hold;
            // an erasure because the record must be kept (the schedule or a hold). Either may be manifestly unfounded.
            let allowed =
                basis == unfoundedBasis
                || (kind == .rectification
                    ? basis == accurateBasis : (basis == legalHoldBasis || schedule.contains(basis)))
            if !allowed {
                errors.append(
                    FieldError(
                        "basis",
                        kind == .rectification
                            ? "Choose what applies: the record is accurate, or the request is manifestly unfounded or "
                                + "excessive."
                            : "Choose what applies: a line of the retention schedule, a legal hold, or the request is "
                                + "manifestly unfounded or excessive."))
            }
        }
        return errors
    }
}
