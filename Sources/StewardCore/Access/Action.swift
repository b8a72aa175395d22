// Everything a route can do, named once, so that every route declares one and a test can walk them all.

/// One thing a person (or an anonymous visitor) asks Steward to do.
///
/// Every HTTP route names exactly one action; `AccessPolicy` decides who may perform it.
public enum Action: String, CaseIterable, Codable, Sendable {
    // Open to anyone: signing in must be possible before anyone is known.
    case viewSignIn = "sign_in.view"
    case signIn = "sign_in.submit"
    case viewHealth = "health.view"
    case viewStatic = "static.view"

    // Any signed-in person, for themselves.
    case signOut = "sign_out"
    case viewHome = "home.view"
    case viewOwnAccount = "account.view"
    case manageOwnTwoFactor = "account.two_factor"
    case manageOwnTokens = "account.tokens"
    case switchSchool = "school.switch"

    // People of a school.
    case viewPeople = "people.view"
    case managePeople = "people.manage"
    case importPeople = "people.import"

    // The pupil roster: only those who post for the school or safeguard pupils see it.
    case viewRoster = "roster.view"
    case importRoster = "roster.import"

    // The audit log.
    case viewAudit = "audit.view"

    /// A short description for the access table page and for audit details.
    public var summary: String {
        switch self {
        case .viewSignIn: "See the sign-in pages"
        case .signIn: "Sign in"
        case .viewHealth: "Check the service is up"
        case .viewStatic: "Load style sheets and images"
        case .signOut: "Sign out"
        case .viewHome: "See their home page"
        case .viewOwnAccount: "See their own account"
        case .manageOwnTwoFactor: "Set up two-factor sign-in"
        case .manageOwnTokens: "Create and revoke their own API tokens"
        case .switchSchool: "Switch between their schools"
        case .viewPeople: "See the people of the school"
        case .managePeople: "Add, edit and deactivate people and assign roles"
        case .importPeople: "Import staff from a CSV export"
        case .viewRoster: "See the pupil roster and its consents"
        case .importRoster: "Import the pupil roster from a CSV export"
        case .viewAudit: "Browse the audit log"
        }
    }
}
