// Who may perform each action, written out here from the issues, the README and the policy, not read from
// `AccessPolicy`: the route walk and the table test compare Steward against this (issue 21).

import StewardCore

enum ExpectedAccess {
    /// nil: anyone, signed in or not. An empty set never occurs. `all`: every signed-in person.
    static let all = Set(Role.allCases)

    /// Roles allowed each action; actions open to anyone are listed in `open`.
    static let roles: [Action: Set<Role>] = [
        // Every signed-in person, for themselves: their home, account, tokens, two-factor, switching school; reading
        // and acknowledging policies (1.1 "all staff"); reporting and following their concerns (4.3, 4.8, 5.4) —
        // what they see of a case is `CaseAccess`'s to decide.
        .signOut: all, .viewHome: all, .viewOwnAccount: all, .manageOwnTwoFactor: all, .manageOwnTokens: all,
        .switchSchool: all, .viewPolicies: all, .acknowledgePolicy: all, .reportConcern: all, .viewConcerns: all,
        .handleConcern: all, .stepUp: all,
        // People: those who manage staff and safeguard them see the list; only the headteacher and the trust change
        // it or import it (HR advises, it does not run the register: issue 21); HR may download it.
        .viewPeople: [.headteacher, .safeguardingLead, .hr, .chairOfGovernors, .trustAdmin],
        .managePeople: [.headteacher, .trustAdmin],
        .importPeople: [.headteacher, .trustAdmin],
        .exportPeople: [.headteacher, .hr, .trustAdmin],
        // Pupils: only those who post for the school (4.4) or safeguard pupils see the roster.
        .viewRoster: [.headteacher, .safeguardingLead, .socialMediaAdmin],
        .importRoster: [.headteacher, .safeguardingLead],
        .exportRoster: [.headteacher, .safeguardingLead],
        // The audit log, outgoing mail and failed jobs: the headteacher and the trust.
        .viewAudit: [.headteacher, .trustAdmin],
        .viewOutbox: [.headteacher, .trustAdmin],
        .retryMail: [.headteacher, .trustAdmin],
        .manageSignIn: [.headteacher, .trustAdmin],
        // Records management (issue 17): each school's headteacher sees and sets its periods, within the limits the
        // trust administrator sets.
        .manageRetention: [.headteacher, .trustAdmin],
        .manageRetentionLimits: [.trustAdmin],
        .manageLegalHolds: [.headteacher, .trustAdmin],
        .handleRecordsRequests: [.headteacher, .hr],
        .eraseRecords: [.headteacher],
        // Policies: the headteacher and the trust manage them and see names; governors see figures without names
        // (3a, 3b: the governing body ensures everyone has read it).
        .managePolicies: [.headteacher, .trustAdmin],
        .viewPolicyCoverage: [.headteacher, .trustAdmin],
        .viewPolicyFigures: [.headteacher, .trustAdmin, .chairOfGovernors, .governor],
        // Official accounts (issue 13): everyone may see the register and report a problem with an account (4.8);
        // the headteacher and the trust keep it. Any member of staff writes drafts; only an account's administrators
        // and the headteacher approve (4.8); the archive is for those who post and those who answer for it; the
        // headteacher keeps the terms list and the clause numbers.
        .viewAccounts: all,
        .manageAccounts: [.headteacher, .trustAdmin],
        .writeDrafts: [.staff, .lineManager, .headteacher, .safeguardingLead, .hr, .socialMediaAdmin, .trustAdmin],
        .reviewDrafts: [.headteacher, .socialMediaAdmin],
        .viewPostArchive: [.headteacher, .socialMediaAdmin, .trustAdmin],
        .manageScreening: [.headteacher, .trustAdmin],
        // Declarations and the privacy self-check (issue 14): every member of staff declares (1.5: "the employee
        // should advise") and checks their settings (4.1–4.3), governors and the trust as such do not; anyone signed
        // in may open the declarations and help requests routed to them (the record decides); the headteacher sees
        // who is outstanding, governors see figures only, and the headteacher sets the month, terms and lead.
        .declare: [.staff, .lineManager, .headteacher, .safeguardingLead, .hr, .socialMediaAdmin],
        .completeSelfCheck: [.staff, .lineManager, .headteacher, .safeguardingLead, .hr, .socialMediaAdmin],
        .viewDeclarations: all, .reviewDeclarations: all, .followUpSelfCheckHelp: all,
        // Reading one's own checks over the API is open to anyone signed in (a governor has none), so the term's
        // figures reach governors there as on the page (`?scope=school` then asks for the figures' own right).
        .viewSelfChecks: all,
        .viewObligationCoverage: [.headteacher, .trustAdmin],
        .viewObligationFigures: [.headteacher, .trustAdmin, .chairOfGovernors, .governor],
        .manageObligations: [.headteacher, .trustAdmin],
        // Concern figures without names: the headteacher, the trust and the governors (5.4 "inform governors").
        .viewCaseFigures: [.headteacher, .trustAdmin, .chairOfGovernors, .governor],
        // The governors' termly report (issue 16, item 6): governors and the chair read their school's published
        // reports, the headteacher drafts and publishes, trust administrators read all of their trust's.
        .viewReports: [.headteacher, .trustAdmin, .chairOfGovernors, .governor],
        .draftReports: [.headteacher],
        // The issue: "the trust administrator sees the same report for the whole trust".
        .viewTrustReport: [.trustAdmin],
    ]

    /// Open to anyone: signing in, resetting a password, health, static files, public policies and policy links, and
    /// the API's contract (it describes the API, not anyone's data).
    static let open: Set<Action> = [
        .viewSignIn, .signIn, .viewHealth, .viewStatic, .resetPassword, .readPublicPolicy, .usePolicyLink,
        .readAPIContract,
    ]

    /// The expected answer for someone holding `roles` in the school (nil: nobody signed in).
    static func decision(_ action: Action, roles: Set<Role>?) -> Decision {
        if open.contains(action) { return .allowed }
        guard let roles else { return .signInRequired }
        guard let allowed = self.roles[action] else { return .forbidden }
        return allowed == all || !allowed.isDisjoint(with: roles) ? .allowed : .forbidden
    }
}
