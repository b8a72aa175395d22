// The five things each member of staff checks on each platform they use (policy 4.1–4.3).

/// One item of the check, asked for each platform.
enum SelfCheckItem: String, Codable, Sendable, CaseIterable {
    case mostPrivate = "private"
    case employer
    case connections
    case photos
    case reviewed

    /// The item as the form asks it.
    var question: String {
        switch self {
        case .mostPrivate: "My profile is at its most private setting"
        case .employer: "The school is not named as my employer on my personal profile"
        case .connections:
            "No pupils, and no parents beyond the relationships I have declared, are my friends or followers"
        case .photos: "There are no photographs of school life on my personal account"
        case .reviewed: "I have reviewed my friend list this term"
        }
    }

    /// The policy clause it comes from.
    var clause: String {
        switch self {
        case .mostPrivate: "4.1"
        case .employer: "4.2"
        case .connections, .reviewed: "4.3"
        case .photos: "4.4"
        }
    }
}
