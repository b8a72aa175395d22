// What starts a record's retention clock.

/// The event a record's retention period is counted from.
public enum RetentionClock: String, Sendable, Codable, CaseIterable {
    /// The concern was reported (an allegation against a member of staff).
    case reported
    /// The case was closed.
    case closed
    /// The pupil the case is about was born (kept until they reach an age).
    case pupilBorn = "pupil_born"
    /// The person left the school (deactivated, or their leaving date passed).
    case personLeft = "person_left"
    /// The post was published.
    case published
    /// The record was last changed (a draft never published).
    case lastChanged = "last_changed"

    /// How the schedule says it: "6 years after *the case is closed*".
    public var title: String {
        switch self {
        case .reported: "the concern was reported"
        case .closed: "the case is closed"
        case .pupilBorn: "the pupil's birth (so, until the pupil reaches that age)"
        case .personLeft: "the person leaves"
        case .published: "the post was published"
        case .lastChanged: "the draft was last changed"
        }
    }
}
