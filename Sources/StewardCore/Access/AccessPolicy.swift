// The one function that decides who may do what, with the table it reads.

import Foundation

/// Who may perform an action: permissions are data, read by `AccessPolicy.can`.
public enum Audience: Sendable, Equatable {
    /// Anyone, signed in or not.
    case anyone
    /// Any signed-in person, acting for themselves.
    case signedIn
    /// Only holders of one of these roles in the school the request is about.
    case roles(Set<Role>)
}

/// The person making a request, as far as access decisions go.
public struct Actor: Sendable, Equatable {
    public var personID: UUID
    /// The school the person is working in now: lists and forms without a record are about this school.
    public var schoolID: UUID
    /// Roles held in each school this person may reach (a trust administrator holds `.trustAdmin` in every
    /// school of the trust). A school missing here is one whose records do not exist for this person.
    public var rolesBySchool: [UUID: Set<Role>]

    public init(personID: UUID, schoolID: UUID, rolesBySchool: [UUID: Set<Role>]) {
        self.personID = personID
        self.schoolID = schoolID
        self.rolesBySchool = rolesBySchool
    }

    /// Roles in the current school.
    public var roles: Set<Role> { rolesBySchool[schoolID] ?? [] }

    /// Every school whose records this person may reach at all.
    public var schoolIDs: Set<UUID> { Set(rolesBySchool.keys) }

    /// The schools in which this person holds one of `roles`.
    public func schools(where roles: Set<Role>) -> Set<UUID> {
        Set(rolesBySchool.filter { !$0.value.isDisjoint(with: roles) }.keys)
    }
}

/// What a request is about.
public enum Resource: Sendable, Equatable {
    /// Nothing in particular (a list of the actor's own school, a form).
    case none
    /// A record owned by a school.
    case schoolRecord(schoolID: UUID)
    /// A person's own record: always theirs to see.
    case person(id: UUID, schoolID: UUID)
}

/// The answer, which the web layer turns into a status: a record of another school is never admitted to exist.
public enum Decision: Sendable, Equatable {
    case allowed
    /// Sign in first (302 to the sign-in page, or 401 for the API).
    case signInRequired
    /// Known, but not allowed (403).
    case forbidden
    /// Not in the actor's schools: answer as if it did not exist (404).
    case notFound
}

/// The permission table and the function that reads it.
public enum AccessPolicy {
    /// Who may perform each action. Every action has an entry; a test checks this.
    public static let table: [Action: Audience] = [
        .viewSignIn: .anyone,
        .signIn: .anyone,
        .viewHealth: .anyone,
        .viewStatic: .anyone,
        .resetPassword: .anyone,
        .readPublicPolicy: .anyone,
        .usePolicyLink: .anyone,
        .readAPIContract: .anyone,
        .signOut: .signedIn,
        .viewHome: .signedIn,
        .viewOwnAccount: .signedIn,
        .manageOwnTwoFactor: .signedIn,
        .manageOwnTokens: .signedIn,
        .switchSchool: .signedIn,
        .viewPeople: .roles([.headteacher, .safeguardingLead, .hr, .chairOfGovernors, .trustAdmin]),
        .managePeople: .roles([.headteacher, .trustAdmin]),
        .importPeople: .roles([.headteacher, .trustAdmin]),
        .exportPeople: .roles([.headteacher, .hr, .trustAdmin]),
        .viewRoster: .roles([.headteacher, .safeguardingLead, .socialMediaAdmin]),
        .importRoster: .roles([.headteacher, .safeguardingLead]),
        .exportRoster: .roles([.headteacher, .safeguardingLead]),
        .viewAudit: .roles([.headteacher, .trustAdmin]),
        .viewPolicies: .signedIn,
        .acknowledgePolicy: .signedIn,
        .managePolicies: .roles([.headteacher, .trustAdmin]),
        .viewPolicyFigures: .roles([.headteacher, .trustAdmin, .chairOfGovernors, .governor]),
        .viewPolicyCoverage: .roles([.headteacher, .trustAdmin]),
        .reportConcern: .signedIn,
        .viewConcerns: .signedIn,
        .handleConcern: .signedIn,
        .stepUp: .signedIn,
        .viewCaseFigures: .roles([.headteacher, .trustAdmin, .chairOfGovernors, .governor]),
        .viewAccounts: .signedIn,
        .manageAccounts: .roles([.headteacher, .trustAdmin]),
        .writeDrafts: .roles(DraftRules.writers),
        .reviewDrafts: .roles([.headteacher, .socialMediaAdmin]),
        .viewPostArchive: .roles([.headteacher, .socialMediaAdmin, .trustAdmin]),
        .manageScreening: .roles([.headteacher, .trustAdmin]),
        .declare: .roles(DeclarationRules.declarers),
        .viewDeclarations: .signedIn,
        .reviewDeclarations: .signedIn,
        .completeSelfCheck: .roles(DeclarationRules.declarers),
        .viewSelfChecks: .signedIn,
        .followUpSelfCheckHelp: .signedIn,
        .viewObligationCoverage: .roles([.headteacher, .trustAdmin]),
        .viewObligationFigures: .roles([.headteacher, .trustAdmin, .chairOfGovernors, .governor]),
        .manageObligations: .roles([.headteacher, .trustAdmin]),
        .viewReports: .roles([.headteacher, .trustAdmin, .chairOfGovernors, .governor]),
        .draftReports: .roles([.headteacher]),
        .viewTrustReport: .roles([.trustAdmin]),
        .viewOutbox: .roles([.headteacher, .trustAdmin]),
        .retryMail: .roles([.headteacher, .trustAdmin]),
        .manageSignIn: .roles([.headteacher, .trustAdmin]),
        .manageRetention: .roles([.headteacher, .trustAdmin]),
        .manageRetentionLimits: .roles([.trustAdmin]),
        .manageLegalHolds: .roles([.headteacher, .trustAdmin]),
        .handleRecordsRequests: .roles([.headteacher, .hr]),
        .eraseRecords: .roles([.headteacher]),
    ]

    /// Decides whether `actor` (nil when nobody is signed in) may perform `action` on `resource`.
    ///
    /// The school check comes first so that a record of another school answers "not found" even to someone
    /// who would not be allowed to see it anyway: its existence is not disclosed.
    public static func can(_ actor: Actor?, _ action: Action, _ resource: Resource = .none) -> Decision {
        guard let audience = table[action] else { return .forbidden }
        if audience == .anyone { return .allowed }
        guard let actor else { return .signInRequired }
        let schoolID: UUID
        switch resource {
        case .none:
            schoolID = actor.schoolID
        case .schoolRecord(let recordSchool):
            schoolID = recordSchool
        case .person(let id, let recordSchool):
            schoolID = recordSchool
            if id == actor.personID, audience == .signedIn { return .allowed }
        }
        guard let roles = actor.rolesBySchool[schoolID] else { return .notFound }
        switch audience {
        case .anyone, .signedIn:
            return .allowed
        case .roles(let allowed):
            return allowed.isDisjoint(with: roles) ? .forbidden : .allowed
        }
    }

    /// The roles whose holders may perform `action` (all roles for `.anyone` and `.signedIn`).
    public static func roles(for action: Action) -> Set<Role> {
        switch table[action] {
        case .roles(let roles): roles
        case .anyone, .signedIn: Set(Role.allCases)
        case nil: []
        }
    }
}

/// Rules about handing out roles, kept beside the table because a headteacher could argue about them.
public enum RoleGrants {
    /// Roles that only a trust administrator gives or takes away: the school's leadership and its governors, who
    /// hold the headteacher to account (a concern about the headteacher goes to the chair of governors, so the
    /// headteacher must not be able to choose the chair), and trust administrators themselves.
    public static let trustOnly: Set<Role> = [.headteacher, .chairOfGovernors, .governor, .trustAdmin]

    /// Roles that handle confidential cases: a change to one while a case is open is told to the chair of
    /// governors and the trust administrators.
    public static let caseHandling: Set<Role> = [.headteacher, .safeguardingLead, .chairOfGovernors]

    /// Whether someone holding `grantorRoles` may give or take away `role`.
    ///
    /// A trust administrator manages every role; a headteacher manages the school's other roles.
    public static func mayChange(_ role: Role, grantorRoles: Set<Role>) -> Bool {
        if grantorRoles.contains(.trustAdmin) { return true }
        guard grantorRoles.contains(.headteacher) else { return false }
        return !trustOnly.contains(role)
    }

    /// Whether someone holding `grantorRoles` may change the account of a person holding `targetRoles`: their name,
    /// email address or password, send them a password link, or deactivate them. An account holding a role the
    /// grantor may not change is the trust's to manage, or a headteacher could take it over by changing its email.
    public static func mayManageAccount(holding targetRoles: Set<Role>, grantorRoles: Set<Role>) -> Bool {
        if grantorRoles.contains(.trustAdmin) { return true }
        guard grantorRoles.contains(.headteacher) else { return false }
        return targetRoles.allSatisfy { mayChange($0, grantorRoles: grantorRoles) }
    }
}
