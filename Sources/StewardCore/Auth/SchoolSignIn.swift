// Signing in with the school's own account (Microsoft 365, Google Workspace or any OpenID Connect provider): which
// tokens count, which address links a first sign-in, and whether the provider's word counts as a second factor.
// Pure rules; the signature is checked before these run, by the web layer with jwt-kit.

import Foundation

/// The kinds of provider a school can name, each with the claim that says which organisation a token comes from.
public enum SignInProviderKind: String, CaseIterable, Codable, Sendable {
    /// Microsoft Entra ID (Microsoft 365): the organisation is the tenant id, in the `tid` claim.
    case microsoft
    /// Google Workspace (for Education): the organisation is the hosted domain, in the `hd` claim.
    case google
    /// Any other OpenID Connect provider, named by its issuer address: the issuer is the organisation's own.
    case openID = "oidc"

    /// How the sign-in button names it: "Sign in with Microsoft".
    public var title: String {
        switch self {
        case .microsoft: "Microsoft"
        case .google: "Google"
        case .openID: "your school's account"
        }
    }

    /// What the organisation field asks for, on the settings page.
    public var organisationLabel: String {
        switch self {
        case .microsoft: "Directory (tenant) id"
        case .google: "Google Workspace domain"
        case .openID: "Organisation (not used)"
        }
    }

    /// The issuer address a school of this kind has, when it is known from the organisation alone.
    public func defaultIssuer(organisation: String) -> String? {
        switch self {
        case .microsoft: organisation.isEmpty ? nil : "https://login.microsoftonline.com/\(organisation)/v2.0"
        case .google: "https://accounts.google.com"
        case .openID: nil
        }
    }
}

/// What Steward reads from an ID token whose signature has been checked.
public struct IDTokenClaims: Sendable, Equatable {
    public var issuer: String
    public var subject: String
    public var audiences: [String]
    /// The client the token was issued to, when `aud` names several.
    public var authorizedParty: String?
    public var expiresAt: Date
    public var issuedAt: Date?
    public var nonce: String?
    public var email: String?
    /// nil when the token does not say.
    public var emailVerified: Bool?
    public var preferredUsername: String?
    public var userPrincipalName: String?
    public var tenantID: String?
    public var hostedDomain: String?
    /// How the person authenticated (RFC 8176), e.g. ["pwd", "mfa"].
    public var methods: [String]
    public var authTime: Date?
    /// Entra's `acct` (0 a member of the tenant, 1 a guest), when the token carries it.
    public var accountType: Int?
    /// Entra's `idp`: present when the account belongs to another identity provider (a guest).
    public var identityProvider: String?

    public init(
        issuer: String, subject: String, audiences: [String], authorizedParty: String? = nil, expiresAt: Date,
        issuedAt: Date? = nil, nonce: String? = nil, email: String? = nil, emailVerified: Bool? = nil,
        preferredUsername: String? = nil, userPrincipalName: String? = nil, tenantID: String? = nil,
        hostedDomain: String? = nil, methods: [String] = [], authTime: Date? = nil, accountType: Int? = nil,
        identityProvider: String? = nil
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audiences = audiences
        self.authorizedParty = authorizedParty
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.nonce = nonce
        self.email = email
        self.emailVerified = emailVerified
        self.preferredUsername = preferredUsername
        self.userPrincipalName = userPrincipalName
        self.tenantID = tenantID
        self.hostedDomain = hostedDomain
        self.methods = methods
        self.authTime = authTime
        self.accountType = accountType
        self.identityProvider = identityProvider
    }
}

/// Why a sign-in with the school's account was refused: audited as `reason`, shown to the person as `message`.
public enum SchoolSignInRefusal: String, Error, Sendable, Equatable, CaseIterable {
    case providerError = "provider_error"
    case requestUnknown = "request_unknown"
    case badSignature = "bad_signature"
    case wrongIssuer = "wrong_issuer"
    case wrongAudience = "wrong_audience"
    case expired
    case notYetValid = "not_yet_valid"
    case wrongNonce = "wrong_nonce"
    case wrongOrganisation = "wrong_organisation"
    case noEmail = "no_email"
    case unverifiedEmail = "unverified_email"
    case noSuchPerson = "no_such_person"
    case leaver
    case notRecent = "not_recent"
    case noSubject = "no_subject"
    case linkFromAccount = "link_from_account"
    case alreadyLinked = "already_linked"
    case otherAccount = "other_account"

    /// What the person reads: plain, and never more than they need to put it right.
    public func message(provider: String, school: String) -> String {
        switch self {
        case .providerError:
            "\(provider) did not sign you in. Try again; if it keeps happening, tell the school office."
        case .requestUnknown:
            "That sign-in link has expired or has been used already. Start again from the sign-in page."
        case .badSignature, .wrongIssuer, .wrongAudience, .notYetValid, .wrongNonce, .expired, .noSubject:
            "\(provider) sent an answer Steward cannot trust, so you are not signed in. Start again from the "
                + "sign-in page."
        case .wrongOrganisation:
            "That account does not belong to \(school). Sign in with your \(school) account."
        case .noEmail:
            "\(provider) did not tell Steward your email address, so Steward cannot tell who you are. Ask the school "
                + "office to check the sign-in settings."
        case .unverifiedEmail:
            "\(provider) has not confirmed the email address of that account, so Steward cannot link it to you. Ask "
                + "the school office."
        case .noSuchPerson:
            "Steward has nobody at \(school) with that account's email address. Ask the school office to add you, or "
                + "to check the address they hold for you."
        case .leaver:
            "Your account at \(school) is no longer active. If you still work there, ask the school office."
        case .notRecent:
            "\(provider) did not ask you to confirm it is you just now, so Steward cannot be sure it is you. Try again."
        case .linkFromAccount:
            "To use your \(provider) account with Steward the first time, sign in with your Steward password (and "
                + "code), then choose “Link my \(provider) account” on My account. Your role sees confidential "
                + "records, so Steward does not link it by email address alone."
        case .alreadyLinked:
            "Your Steward account is linked to a different \(provider) account. Sign in with that one, or ask the "
                + "school office to remove the link."
        case .otherAccount:
            "That \(provider) account is not the one linked to you. Sign in to \(provider) as yourself and try again."
        }
    }
}

/// The rules an ID token must meet, for one school's provider.
public struct SchoolSignInRules: Sendable {
    /// Clocks differ: a token is allowed this much slack either side of its times.
    public static let clockSkew: TimeInterval = 60
    /// How recent a fresh sign-in at the provider must be to count as the case page's step-up.
    public static let stepUpWindow: TimeInterval = 300

    public var kind: SignInProviderKind
    public var issuer: String
    public var clientID: String
    /// Entra's tenant id or Google's hosted domain; empty for another provider.
    public var organisation: String

    public init(kind: SignInProviderKind, issuer: String, clientID: String, organisation: String) {
        self.kind = kind
        self.issuer = issuer
        self.clientID = clientID
        self.organisation = organisation
    }

    /// Checks everything but the signature: who issued it, for whom, when, for which request, from which organisation.
    public func check(_ claims: IDTokenClaims, nonce: String, now: Date) -> SchoolSignInRefusal? {
        if claims.issuer != issuer { return .wrongIssuer }
        if claims.subject.isEmpty || claims.subject.count > 255 { return .noSubject }
        guard claims.audiences.contains(clientID) else { return .wrongAudience }
        if claims.audiences.count > 1, claims.authorizedParty != clientID { return .wrongAudience }
        if let party = claims.authorizedParty, party != clientID { return .wrongAudience }
        if claims.expiresAt.addingTimeInterval(Self.clockSkew) <= now { return .expired }
        if let issued = claims.issuedAt, issued > now.addingTimeInterval(Self.clockSkew) { return .notYetValid }
        guard let sent = claims.nonce, Self.sameText(sent, nonce) else { return .wrongNonce }
        if !organisationMatches(claims) { return .wrongOrganisation }
        return nil
    }

    /// Whether the token comes from the school's own tenant or domain: a matching email address from anywhere else
    /// does not count.
    public func organisationMatches(_ claims: IDTokenClaims) -> Bool {
        let expected = organisation.trimmingCharacters(in: .whitespaces).lowercased()
        switch kind {
        case .microsoft:
            return !expected.isEmpty && claims.tenantID?.lowercased() == expected
        case .google:
            return !expected.isEmpty && claims.hostedDomain?.lowercased() == expected
        case .openID:
            return true
        }
    }

    /// The address a first sign-in is linked by, or why there is none. Google and other providers must say the
    /// address is verified. Entra's `email` is not verified (a guest of the tenant can carry anyone's address), so it
    /// counts only when Entra says so (`xms_edov`, or `email_verified`); otherwise the user principal name, which the
    /// tenant itself assigns, and never a guest's (`#EXT#`).
    public func linkingAddress(_ claims: IDTokenClaims) -> Result<String, SchoolSignInRefusal> {
        switch kind {
        case .microsoft:
            // A guest of the tenant (another organisation's or a personal account) links nobody by address.
            let principals = [claims.userPrincipalName, claims.preferredUsername].compactMap { $0 }
            if claims.accountType == 1 || claims.identityProvider?.isEmpty == false
                || principals.contains(where: { $0.lowercased().contains("#ext#") })
            {
                return .failure(.unverifiedEmail)
            }
            if claims.emailVerified == true, let address = Self.address(claims.email) { return .success(address) }
            if let address = principals.lazy.compactMap({ Self.address($0) }).first { return .success(address) }
            return .failure(claims.email == nil ? .noEmail : .unverifiedEmail)
        case .google, .openID:
            guard let address = Self.address(claims.email) else { return .failure(.noEmail) }
            return claims.emailVerified == true ? .success(address) : .failure(.unverifiedEmail)
        }
    }

    /// Whether a person holding `roles` (in any school) is linked by email address on their first sign-in. Roles
    /// that see confidential records, and roles only the trust may give, are linked only from the person's own
    /// account page once signed in: whoever runs the school's provider could otherwise make an account with their
    /// address and become them.
    public static func linksByAddress(roles: Set<Role>) -> Bool {
        !roles.contains { $0.requiresTwoFactor }
            && RoleGrants.mayManageAccount(holding: roles, grantorRoles: [.headteacher])
    }

    /// Whether the provider says a second factor was used (RFC 8176): `mfa`, or a knowledge factor with a
    /// possession or biometric one.
    public static func assertsSecondFactor(_ claims: IDTokenClaims) -> Bool {
        let methods = Set(claims.methods.map { $0.lowercased() })
        if methods.contains("mfa") { return true }
        let knowledge: Set<String> = ["pwd", "pin", "kba"]
        let other: Set<String> = ["otp", "hwk", "swk", "sms", "tel", "fpt", "face", "iris", "retina", "vbm", "sc"]
        return !methods.isDisjoint(with: knowledge) && !methods.isDisjoint(with: other)
    }

    /// Whether the person signed in at the provider in the last five minutes (asked to just now, not waved through on
    /// an old sign-in): what linking an account from My account needs.
    public static func isRecent(_ claims: IDTokenClaims, now: Date) -> Bool {
        guard let at = claims.authTime else { return false }
        return at >= now.addingTimeInterval(-stepUpWindow) && at <= now.addingTimeInterval(clockSkew)
    }

    /// Whether a sign-in at the provider is fresh enough to stand for the case page's step-up: a second factor,
    /// entered within the last five minutes.
    public static func countsAsStepUp(_ claims: IDTokenClaims, now: Date) -> Bool {
        assertsSecondFactor(claims) && isRecent(claims, now: now)
    }

    /// An email address as Steward stores them (trimmed, lower case), or nil when it is not one.
    public static func address(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard trimmed.count <= 254, let at = trimmed.firstIndex(of: "@"), at != trimmed.startIndex,
            trimmed.index(after: at) != trimmed.endIndex, !trimmed.contains(where: \.isWhitespace),
            trimmed.filter({ $0 == "@" }).count == 1
        else { return nil }
        return trimmed
    }

    /// Compares two secrets in time that does not depend on where they differ.
    public static func sameText(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
