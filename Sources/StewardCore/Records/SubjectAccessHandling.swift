// How a kind of record goes into a subject-access export: released, checked first, or held back for a decision.

/// How a kind of record goes into a subject-access export.
public enum SubjectAccessHandling: Sendable, Equatable, Codable {
    /// About the person alone: released as it is.
    case release
    /// Also names or describes other people (who reported a concern, other staff, pupils): checked, and those people
    /// taken out, before release. The text says who.
    case review(String)
    /// A safeguarding record: listed for a decision, never released automatically. The text says why.
    case decide(String)

    /// The export's folder for it.
    public var folder: String {
        switch self {
        case .release: "release"
        case .review: "check-before-release"
        case .decide: "safeguarding-decide"
        }
    }

    /// What a reader is told about it.
    public var note: String {
        switch self {
        case .release: "About them alone: may be released."
        case .review(let who): "Names other people (\(who)): take them out before release."
        case .decide(let why): "Safeguarding record (\(why)): listed for a decision, not to be released automatically."
        }
    }
}
