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
    case resetPassword = "password.reset"
    case readPublicPolicy = "policy.read_public"
    case usePolicyLink = "policy.use_link"
    case readAPIContract = "api.contract"

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
    case exportPeople = "people.export"

    // The pupil roster: only those who post for the school or safeguard pupils see it.
    case viewRoster = "roster.view"
    case importRoster = "roster.import"
    case exportRoster = "roster.export"

    // The audit log.
    case viewAudit = "audit.view"

    // The policy library.
    case viewPolicies = "policy.view"
    case acknowledgePolicy = "policy.acknowledge"
    case managePolicies = "policy.manage"
    case viewPolicyFigures = "policy.figures"
    case viewPolicyCoverage = "policy.coverage"

    // Concerns and cases: signed-in people reach these routes; `CaseAccess` decides what each may see of a case.
    case reportConcern = "concern.report"
    case viewConcerns = "concern.view"
    case handleConcern = "concern.handle"
    case stepUp = "session.step_up"
    case viewCaseFigures = "concern.figures"

    // Official accounts and their posts (4.4, 4.8, 4.9): the register, drafts, approval and the archive.
    case viewAccounts = "accounts.view"
    case manageAccounts = "accounts.manage"
    case writeDrafts = "drafts.write"
    case reviewDrafts = "drafts.review"
    case viewPostArchive = "posts.archive"
    case manageScreening = "screening.manage"

    // Declarations and privacy self-checks (1.5, 4.1–4.3)
    case declare = "declarations.declare"
    case viewDeclarations = "declarations.view"
    case reviewDeclarations = "declarations.review"
    case completeSelfCheck = "self_checks.complete"
    case viewSelfChecks = "self_checks.view"
    case followUpSelfCheckHelp = "self_checks.help"
    case viewObligationCoverage = "obligations.coverage"
    case viewObligationFigures = "obligations.figures"
    case manageObligations = "obligations.manage"

    // The governors' termly report.
    case viewReports = "reports.view"
    case draftReports = "reports.draft"
    case viewTrustReport = "reports.trust"

    // Outgoing mail and background jobs.
    case viewOutbox = "outbox.view"
    case retryMail = "outbox.retry"

    // Signing in with the school's own Microsoft 365, Google or other OpenID Connect account.
    case manageSignIn = "sign_in.manage"

    // Records management: how long each kind of record is kept.
    case manageRetention = "retention.manage"
    case manageRetentionLimits = "retention.limits"
    case manageLegalHolds = "holds.manage"
    case handleRecordsRequests = "records_requests.handle"
    case eraseRecords = "records.erase"

    /// A short description for the access table page and for audit details.
    public var summary: String {
        switch self {
        case .viewSignIn: "See the sign-in pages"
        case .signIn: "Sign in"
        case .viewHealth: "Check the service is up"
        case .viewStatic: "Load style sheets and images"
        case .resetPassword: "Ask for a password-reset link and use it"
        case .readPublicPolicy: "Read a policy the school has made public"
        case .usePolicyLink: "Read and acknowledge one policy through a link sent by mail"
        case .readAPIContract: "Read the API's contract (its OpenAPI document)"
        case .signOut: "Sign out"
        case .viewHome: "See their home page"
        case .viewOwnAccount: "See their own account"
        case .manageOwnTwoFactor: "Set up two-factor sign-in"
        case .manageOwnTokens: "Create and revoke their own API tokens"
        case .switchSchool: "Switch between their schools"
        case .viewPeople: "See the people of the school"
        case .managePeople: "Add, edit and deactivate people and assign roles"
        case .importPeople: "Import staff from a CSV export"
        case .exportPeople: "Download the people of the school as a spreadsheet"
        case .viewRoster: "See the pupil roster and its consents"
        case .importRoster: "Import the pupil roster from a CSV export"
        case .exportRoster: "Download the pupil roster as a spreadsheet"
        case .viewAudit: "Browse the audit log"
        case .viewPolicies: "Read the school's policies and their versions"
        case .acknowledgePolicy: "Confirm they have read and understood a policy"
        case .managePolicies: "Import, publish and correct policies"
        case .viewPolicyFigures: "See how many have acknowledged a policy, without names"
        case .viewPolicyCoverage: "See who has and has not acknowledged a policy, and export it"
        case .reportConcern: "Report a concern"
        case .viewConcerns: "See the concerns they reported, handle or were added to"
        case .handleConcern: "Move a case on and record what was done"
        case .stepUp: "Confirm it is them again before opening a confidential case"
        case .viewCaseFigures: "See how many concerns there are, by kind and stage, without names"
        case .viewAccounts: "See the school's official accounts and who runs them"
        case .manageAccounts: "Add and change official accounts, name their administrators, and close handovers"
        case .writeDrafts: "Write drafts for the official accounts, screen them, and record them once posted"
        case .reviewDrafts: "Approve or return drafts for the accounts they administer"
        case .viewPostArchive: "Search and export the archive of published posts"
        case .manageScreening: "Keep the screening word lists, the clause each finding cites, and approval rules"
        case .declare:
            "Declare a relationship with someone connected to the school, and confirm their declarations each year"
        case .viewDeclarations: "See their own declarations and those routed to them"
        case .reviewDeclarations: "Record the outcome of a declaration routed to them"
        case .completeSelfCheck: "Complete the term's privacy self-check"
        case .viewSelfChecks: "See their own privacy checks over the API, and the term's figures where allowed"
        case .followUpSelfCheckHelp: "Follow up a colleague's request for help with their privacy settings"
        case .viewObligationCoverage: "See who has not yet declared or completed the privacy check"
        case .viewObligationFigures: "See how many have declared and completed the privacy check, without names"
        case .manageObligations: "Set the declaration month, the school's terms and the online-safety lead"
        case .viewReports: "Read the governors' termly reports (governors: those published)"
        case .draftReports: "Draft, write and publish the governors' termly report"
        case .viewTrustReport: "Read the report for the whole trust, comparing its schools"
        case .viewOutbox: "See outgoing mail and failed background jobs"
        case .retryMail: "Retry a message that could not be delivered"
        case .manageSignIn: "Set up signing in with the school's Microsoft 365, Google or other account"
        case .manageRetention: "See and set how long the school keeps each kind of record"
        case .manageRetentionLimits: "Set the shortest and longest periods the trust's schools may keep records for"
        case .handleRecordsRequests:
            "Record requests to see, correct or erase records, and produce a person's subject-access export"
        case .eraseRecords: "Erase a person's own records when their request to erase them is granted"
        case .manageLegalHolds:
            "Place and lift legal holds, which keep a case or everything about a person from removal"
        }
    }
}
