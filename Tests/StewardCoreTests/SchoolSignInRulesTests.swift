// The rules an ID token from the school's provider must meet (issue 18), at their edges: whose token, for whom,
// when, for which request, from which organisation; which address links a first sign-in; when the provider's word
// stands for a second factor.

import Foundation
import PropertyBased
import StewardCore
import Testing

@Suite("Signing in with the school's account")
struct SchoolSignInRulesTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let tenant = "0f5d1b2c-3a4e-4b6f-8c9d-0e1f2a3b4c5d"
    static let microsoft = SchoolSignInRules(
        kind: .microsoft, issuer: "https://login.microsoftonline.com/\(tenant)/v2.0", clientID: "steward",
        organisation: tenant)
    static let google = SchoolSignInRules(
        kind: .google, issuer: "https://accounts.google.com", clientID: "steward", organisation: "school.org.uk")
    static let other = SchoolSignInRules(
        kind: .openID, issuer: "https://id.trust.example", clientID: "steward", organisation: "")

    static func token(_ rules: SchoolSignInRules, _ change: (inout IDTokenClaims) -> Void = { _ in }) -> IDTokenClaims {
        var claims = IDTokenClaims(
            issuer: rules.issuer, subject: "abc", audiences: [rules.clientID], expiresAt: now.addingTimeInterval(600),
            issuedAt: now, nonce: "n-1", email: "ann@school.org.uk", emailVerified: true,
            tenantID: rules.kind == .microsoft ? tenant : nil,
            hostedDomain: rules.kind == .google ? "school.org.uk" : nil)
        change(&claims)
        return claims
    }

    @Test("A good token of each kind passes", arguments: [microsoft, google, other])
    func good(rules: SchoolSignInRules) {
        #expect(rules.check(Self.token(rules), nonce: "n-1", now: Self.now) == nil)
    }

    @Test("Each claim that is wrong is refused with its own reason")
    func eachWrongClaim() {
        let rules = Self.microsoft
        let cases: [(String, (inout IDTokenClaims) -> Void, SchoolSignInRefusal)] = [
            ("another issuer", { $0.issuer = "https://login.microsoftonline.com/common/v2.0" }, .wrongIssuer),
            ("issuer with a trailing slash", { $0.issuer += "/" }, .wrongIssuer),
            ("issuer in other case", { $0.issuer = $0.issuer.uppercased() }, .wrongIssuer),
            ("another audience", { $0.audiences = ["someone-else"] }, .wrongAudience),
            ("no audience", { $0.audiences = [] }, .wrongAudience),
            ("two audiences, no azp", { $0.audiences = ["steward", "other"] }, .wrongAudience),
            (
                "two audiences, azp another",
                {
                    $0.audiences = ["steward", "other"]
                    $0.authorizedParty = "other"
                }, .wrongAudience
            ),
            ("azp another", { $0.authorizedParty = "other" }, .wrongAudience),
            ("no nonce", { $0.nonce = nil }, .wrongNonce),
            ("another nonce", { $0.nonce = "n-2" }, .wrongNonce),
            ("nonce longer", { $0.nonce = "n-1x" }, .wrongNonce),
            ("empty nonce", { $0.nonce = "" }, .wrongNonce),
            ("another tenant", { $0.tenantID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" }, .wrongOrganisation),
            ("no tenant", { $0.tenantID = nil }, .wrongOrganisation),
            ("tenant as the domain", { $0.tenantID = "school.org.uk" }, .wrongOrganisation),
        ]
        for (name, change, reason) in cases {
            #expect(rules.check(Self.token(rules, change), nonce: "n-1", now: Self.now) == reason, "\(name)")
        }
        // Two audiences with azp naming Steward are accepted (the token was issued to Steward).
        let shared = Self.token(rules) {
            $0.audiences = ["steward", "other"]
            $0.authorizedParty = "steward"
        }
        #expect(rules.check(shared, nonce: "n-1", now: Self.now) == nil)
        // The tenant id is compared without regard to case.
        let upper = Self.token(rules) { $0.tenantID = Self.tenant.uppercased() }
        #expect(rules.check(upper, nonce: "n-1", now: Self.now) == nil)
    }

    @Test("Expiry is allowed a minute's skew, and not a second more")
    func expiryEdges() {
        let rules = Self.microsoft
        func at(_ offset: TimeInterval) -> SchoolSignInRefusal? {
            rules.check(
                Self.token(rules) { $0.expiresAt = Self.now.addingTimeInterval(offset) }, nonce: "n-1", now: Self.now)
        }
        #expect(at(600) == nil)
        #expect(at(0) == nil)
        #expect(at(-59) == nil)
        #expect(at(-60) == .expired)
        #expect(at(-61) == .expired)
        #expect(at(-86_400 * 365) == .expired)
    }

    @Test("A token issued in the future is refused beyond the skew")
    func issuedEdges() {
        let rules = Self.microsoft
        func issued(_ offset: TimeInterval?) -> SchoolSignInRefusal? {
            rules.check(
                Self.token(rules) { $0.issuedAt = offset.map { Self.now.addingTimeInterval($0) } }, nonce: "n-1",
                now: Self.now)
        }
        #expect(issued(nil) == nil)
        #expect(issued(60) == nil)
        #expect(issued(61) == .notYetValid)
        #expect(issued(-3600) == nil)
    }

    @Test("Google: only the school's own hosted domain, whatever the address says")
    func googleDomain() {
        let rules = Self.google
        let cases: [(String?, SchoolSignInRefusal?)] = [
            ("school.org.uk", nil), ("SCHOOL.org.uk", nil), ("other.org.uk", .wrongOrganisation),
            (nil, .wrongOrganisation), ("school.org.uk.evil.example", .wrongOrganisation),
            ("org.uk", .wrongOrganisation), ("", .wrongOrganisation),
        ]
        for (domain, reason) in cases {
            let claims = Self.token(rules) { $0.hostedDomain = domain }
            #expect(rules.check(claims, nonce: "n-1", now: Self.now) == reason, "\(domain ?? "nil")")
        }
        // A Google rule with no domain configured accepts nothing.
        let unset = SchoolSignInRules(kind: .google, issuer: rules.issuer, clientID: "steward", organisation: "")
        #expect(unset.check(Self.token(rules), nonce: "n-1", now: Self.now) == .wrongOrganisation)
    }

    @Test("The linking address: Google and others need a verified email; Entra may give it as a user name")
    func linkingAddress() {
        let google = Self.google
        #expect(google.linkingAddress(Self.token(google)) == .success("ann@school.org.uk"))
        #expect(google.linkingAddress(Self.token(google) { $0.emailVerified = false }) == .failure(.unverifiedEmail))
        #expect(google.linkingAddress(Self.token(google) { $0.emailVerified = nil }) == .failure(.unverifiedEmail))
        #expect(google.linkingAddress(Self.token(google) { $0.email = nil }) == .failure(.noEmail))
        #expect(
            google.linkingAddress(
                Self.token(google) {
                    $0.email = nil
                    $0.preferredUsername = "ann@school.org.uk"
                }) == .failure(.noEmail))
        #expect(
            Self.other.linkingAddress(Self.token(Self.other) { $0.emailVerified = nil }) == .failure(.unverifiedEmail))

        // Entra: `email` only when Entra says it is verified; otherwise the tenant's own principal name, never a
        // guest's; an unverified `email` alone links nobody (a guest of the tenant can carry anyone's address).
        let microsoft = Self.microsoft
        func entra(_ change: (inout IDTokenClaims) -> Void) -> Result<String, SchoolSignInRefusal> {
            microsoft.linkingAddress(
                Self.token(microsoft) {
                    $0.emailVerified = nil
                    change(&$0)
                })
        }
        #expect(entra { $0.emailVerified = true } == .success("ann@school.org.uk"))
        #expect(entra { _ in } == .failure(.unverifiedEmail))
        #expect(entra { $0.emailVerified = false } == .failure(.unverifiedEmail))
        #expect(entra { $0.email = nil } == .failure(.noEmail))
        #expect(
            entra {
                $0.email = "boss@school.org.uk"
                $0.preferredUsername = "  Ann@School.ORG.uk "
            } == .success("ann@school.org.uk"))
        #expect(
            entra {
                $0.email = "not an address"
                $0.userPrincipalName = "ann@school.org.uk"
                $0.preferredUsername = "other@school.org.uk"
            } == .success("ann@school.org.uk"))
        #expect(
            entra {
                $0.email = "boss@school.org.uk"
                $0.preferredUsername = "boss_school.org.uk#EXT#@school.onmicrosoft.com"
            } == .failure(.unverifiedEmail))
        #expect(
            entra {
                $0.email = nil
                $0.userPrincipalName = "guest#ext#@school.onmicrosoft.com"
            } == .failure(.unverifiedEmail))
        #expect(
            entra {
                $0.email = nil
                $0.preferredUsername = "ann"
            } == .failure(.noEmail))
        // A guest, however it is shown: `acct` 1, an `idp`, or #EXT# in any principal name, even one that is not an
        // address.
        #expect(
            entra {
                $0.emailVerified = true; $0.accountType = 1
            } == .failure(.unverifiedEmail))
        #expect(
            entra {
                $0.emailVerified = true; $0.accountType = 0
            } == .success("ann@school.org.uk"))
        #expect(
            entra {
                $0.preferredUsername = "ann@school.org.uk"
                $0.identityProvider = "https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/"
            } == .failure(.unverifiedEmail))
        #expect(
            entra {
                $0.userPrincipalName = "ANN@school.org.uk#ext#@x"
                $0.preferredUsername = "ann@school.org.uk"
            } == .failure(.unverifiedEmail))
    }

    @Test("Roles that see confidential records, or that only the trust gives, are never linked by address")
    func linkedByAddress() {
        #expect(SchoolSignInRules.linksByAddress(roles: []))
        #expect(SchoolSignInRules.linksByAddress(roles: [.staff]))
        #expect(SchoolSignInRules.linksByAddress(roles: [.staff, .lineManager]))
        #expect(SchoolSignInRules.linksByAddress(roles: [.staff, .socialMediaAdmin]))
        for role in Role.allCases where role.requiresTwoFactor {
            #expect(!SchoolSignInRules.linksByAddress(roles: [.staff, role]), "\(role)")
        }
        for role: Role in [.headteacher, .chairOfGovernors, .governor, .trustAdmin] {
            #expect(!SchoolSignInRules.linksByAddress(roles: [role]), "\(role)")
        }
    }

    @Test(
        "What counts as an address",
        arguments: [
            ("ann@school.org.uk", true), ("ANN@School.org.uk", true), ("a@b", true), ("@school.org.uk", false),
            ("ann@", false), ("ann", false), ("ann@@school.org.uk", false), ("ann@school .org.uk", false),
            ("a@b@c", false), ("", false), (String(repeating: "a", count: 250) + "@b.uk", false),
        ])
    func addresses(text: String, valid: Bool) {
        #expect((SchoolSignInRules.address(text) != nil) == valid)
    }

    @Test(
        "The provider's second factor: mfa, or a knowledge factor with another kind",
        arguments: [
            ([], false), (["pwd"], false), (["mfa"], true), (["MFA"], true), (["pwd", "mfa"], true),
            (["pwd", "otp"], true), (["pin", "hwk"], true), (["pwd", "fpt"], true), (["otp"], false),
            (["hwk", "fpt"], false), (["pwd", "rsa"], false), (["pwd", "pin"], false), (["mfa-maybe"], false),
            (["kba", "sms"], true),
        ])
    func secondFactor(methods: [String], counts: Bool) {
        let claims = Self.token(Self.microsoft) { $0.methods = methods }
        #expect(SchoolSignInRules.assertsSecondFactor(claims) == counts)
    }

    @Test("A step-up at the provider counts for five minutes after it, with a second factor")
    func stepUpWindow() {
        func counts(_ authOffset: TimeInterval?, _ methods: [String] = ["pwd", "mfa"]) -> Bool {
            SchoolSignInRules.countsAsStepUp(
                Self.token(Self.microsoft) {
                    $0.methods = methods
                    $0.authTime = authOffset.map { Self.now.addingTimeInterval($0) }
                }, now: Self.now)
        }
        #expect(counts(0))
        #expect(counts(-300))
        #expect(!counts(-301))
        #expect(!counts(-3600))
        #expect(counts(60))
        #expect(!counts(61))
        #expect(!counts(nil))
        #expect(!counts(0, ["pwd"]))
        // Recent, with or without a second factor: what linking from My account needs.
        func recent(_ offset: TimeInterval?) -> Bool {
            SchoolSignInRules.isRecent(
                Self.token(Self.microsoft) { $0.authTime = offset.map { Self.now.addingTimeInterval($0) } },
                now: Self.now)
        }
        #expect(recent(0) && recent(-300) && recent(60))
        #expect(!recent(-301) && !recent(61) && !recent(nil))
    }

    @Test("Refusals each have a plain message naming the provider or the school, and no detail of the token")
    func messages() {
        for refusal in SchoolSignInRefusal.allCases {
            let text = refusal.message(provider: "Microsoft", school: "St Cleopas")
            #expect(!text.isEmpty && text.hasSuffix("."), "\(refusal)")
            #expect(!text.contains("nonce") && !text.contains("token") && !text.contains("tid"), "\(refusal)")
        }
        #expect(
            SchoolSignInRefusal.wrongOrganisation.message(provider: "Microsoft", school: "St Cleopas")
                .contains("St Cleopas"))
    }

    @Test("Comparing secrets: equal only when every byte is")
    func sameText() async {
        let letters = Gen.element(of: Array("ab\u{0}é")).compactMap { $0 }.string(of: 0...6)
        await propertyCheck(count: 300, input: letters, letters) { a, b in
            #expect(SchoolSignInRules.sameText(a, b) == (a == b))
            #expect(SchoolSignInRules.sameText(a, a))
        }
    }
}
