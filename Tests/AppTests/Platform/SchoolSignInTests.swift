// Signing in with the school's account, the parts that need no provider: forged token headers, the settings form's
// every field at its edges, unknown sign-in requests and providers. (The flows against a real provider are in
// tests/system/test_school_sign_in.py.)

import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Signing in with the school's account, the web side")
struct SchoolSignInTests {
    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64URLEncoded()
    }

    @Test(
        "A token signed with no algorithm, a shared-secret one or none it names is refused before any key is fetched",
        arguments: [
            #"{"alg":"none"}"#, #"{"alg":"HS256","kid":"k1"}"#, #"{"alg":"HS512"}"#, #"{"kid":"k1"}"#,
            #"{"alg":"rs256"}"#, #"{"alg":"RS256 "}"#, #"{"alg":null}"#, "not json",
        ])
    func forgedHeaders(header: String) async throws {
        try await withSteward { app, _ in
            let payload = #"{"iss":"https://id.example","sub":"1","aud":"steward","exp":9999999999,"nonce":"n"}"#
            let token = "\(Self.base64URL(header)).\(Self.base64URL(payload)).\(Self.base64URL("signature"))"
            // The keys' address cannot be reached: had Steward tried, the failure would be the provider's.
            do {
                _ = try await OpenIDProviders(allowLocal: false).verify(
                    token, issuer: "https://id.example", jwksURI: "https://keys.invalid/jwks", app: app)
                Issue.record("a forged token was accepted")
            } catch let failure as SchoolSignInFailure {
                #expect(failure.refusal == .badSignature, "\(failure.detail)")
            }
        }
    }

    @Test("Tokens that are not three parts are refused as unreadable", arguments: ["", "a", "a.b", "a.b.c.d", "...."])
    func malformed(token: String) async throws {
        try await withSteward { app, _ in
            do {
                _ = try await OpenIDProviders(allowLocal: false).verify(
                    token, issuer: "https://id.example", jwksURI: "https://keys.invalid/jwks", app: app)
                Issue.record("accepted")
            } catch let failure as SchoolSignInFailure {
                #expect(failure.refusal == .badSignature)
            }
        }
    }

    typealias Form = SchoolSignInController.SettingsForm
    static let tenant = "0f5d1b2c-3a4e-4b6f-8c9d-0e1f2a3b4c5d"
    static let good = Form(
        kind: "microsoft", organisation: tenant, issuer: "", clientID: "a1b2", clientSecret: "s3cret", enabled: "on",
        passwordsOff: nil)

    static func errors(_ change: (inout Form) -> Void, hasSecret: Bool = false, allowLocal: Bool = false) -> [String] {
        var form = good
        change(&form)
        switch SchoolSignInController.validate(form, hasSecret: hasSecret, allowLocal: allowLocal) {
        case .success: return []
        case .failure(let invalid): return invalid.errors.map(\.field)
        }
    }

    @Test("The settings form: each field refused at its edges, the rest accepted")
    func settingsFields() {
        #expect(Self.errors { _ in } == [])
        // Kind
        #expect(Self.errors { $0.kind = nil } == ["kind"])
        #expect(Self.errors { $0.kind = "Microsoft" } == ["kind"])
        #expect(Self.errors { $0.kind = "saml" } == ["kind"])
        // Microsoft: a tenant id, not a domain.
        #expect(Self.errors { $0.organisation = Self.tenant.uppercased() } == [])
        #expect(Self.errors { $0.organisation = " \(Self.tenant) " } == [])
        #expect(Self.errors { $0.organisation = "school.onmicrosoft.com" } == ["organisation"])
        #expect(Self.errors { $0.organisation = "" } == ["organisation"])
        #expect(Self.errors { $0.organisation = String(Self.tenant.dropLast()) } == ["organisation"])
        // Google: a domain.
        let google: (inout Form) -> Void = {
            $0.kind = "google"
            $0.organisation = "school.org.uk"
        }
        #expect(Self.errors(google) == [])
        for domain in [
            "", "school", "school..org.uk", "-school.org.uk", "school.org.uk/", "sch ool.org.uk",
            "schööl.org.uk", String(repeating: "a", count: 64) + ".uk",
        ] {
            #expect(
                Self.errors {
                    google(&$0)
                    $0.organisation = domain
                } == ["organisation"], "\(domain)")
        }
        // Another provider: the issuer is needed, the organisation is not.
        let other: (inout Form) -> Void = {
            $0.kind = "oidc"
            $0.organisation = ""
            $0.issuer = "https://id.trust.example"
        }
        #expect(Self.errors(other) == [])
        #expect(
            Self.errors {
                other(&$0)
                $0.issuer = ""
            } == ["issuer"])
        // Issuers: public https only, unless local providers are allowed.
        for issuer in [
            "http://id.trust.example", "https://127.0.0.1/openid", "https://localhost/x",
            "https://10.0.0.5/x", "https://[::1]/x", "https://intranet/x", "javascript:alert(1)", "file:///etc/passwd",
            "https://id.example/?x=1", "https://id.example/#x", "https://user:pw@id.example", "id.example",
            "https://" + String(repeating: "a", count: 2100) + ".example",
        ] {
            #expect(
                Self.errors {
                    other(&$0)
                    $0.issuer = issuer
                } == ["issuer"], "\(issuer)")
        }
        #expect(
            Self.errors(
                {
                    other(&$0)
                    $0.issuer = "http://localhost:8765/openid"
                }, allowLocal: true) == [])
        // Client id
        #expect(Self.errors { $0.clientID = "" } == ["clientID"])
        #expect(Self.errors { $0.clientID = "a b" } == ["clientID"])
        #expect(Self.errors { $0.clientID = "a\u{7}" } == ["clientID"])
        #expect(Self.errors { $0.clientID = String(repeating: "a", count: 256) } == [])
        #expect(Self.errors { $0.clientID = String(repeating: "a", count: 257) } == ["clientID"])
        // Secret: needed the first time, kept when left empty later.
        #expect(Self.errors { $0.clientSecret = "" } == ["clientSecret"])
        #expect(Self.errors({ $0.clientSecret = "" }, hasSecret: true) == [])
        #expect(Self.errors { $0.clientSecret = String(repeating: "s", count: 512) } == [])
        #expect(Self.errors { $0.clientSecret = String(repeating: "s", count: 513) } == ["clientSecret"])
        #expect(Self.errors { $0.clientSecret = "a\nb" } == ["clientSecret"])
        // Passwords off only with the sign-in turned on.
        #expect(Self.errors { $0.passwordsOff = "on" } == [])
        #expect(
            Self.errors {
                $0.passwordsOff = "on"
                $0.enabled = nil
            } == ["passwordsOff"])
        // Every problem at once.
        #expect(
            Self.errors {
                $0.organisation = "x"
                $0.clientID = ""
                $0.clientSecret = ""
            } == ["organisation", "clientID", "clientSecret"])
    }

    @Test("A callback that names no sign-in under way is refused, audited, and signs nobody in")
    func unknownCallback() async throws {
        try await withSteward { app, _ in
            let browser = Browser(app)
            for query in [
                "", "?state=", "?state=made-up&code=abc", "?code=abc", "?state=\(String(repeating: "s", count: 600))",
            ] {
                let reply = try await browser.get("/login/callback\(query)")
                #expect(reply.status == .badRequest, "\(query)")
                #expect(reply.body.contains("expired or has been used already"), "\(query)")
                #expect(!reply.headers[.setCookie].contains { $0.hasPrefix("steward_session=") })
            }
            let refused = try await app.auditActions().filter { $0 == "sign_in.provider_refused" }
            #expect(refused.count == 5)
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test("Starting a sign-in with a provider that does not exist, or is turned off, finds nothing")
    func unknownProvider() async throws {
        try await withSteward { app, demo in
            let browser = Browser(app)
            #expect(try await browser.get("/login/with/\(UUID().uuidString)").status == .notFound)
            #expect(try await browser.get("/login/with/not-an-id").status == .notFound)
            // A school's settings saved but not turned on: no button, and its address finds nothing.
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let saved = try await head.post(
                "/settings/sign-in",
                [
                    ("kind", "microsoft"), ("organisation", Self.tenant), ("issuer", ""), ("clientID", "a1"),
                    ("clientSecret", "s3cret"),
                ], csrfFrom: "/settings/sign-in")
            #expect(saved.status == .seeOther)
            let login = try await browser.get("/login")
            #expect(!login.body.contains("Sign in with Microsoft"))
            let ids = try await SignInProvider.query(on: app.db).all().compactMap(\.id)
            #expect(ids.count == 1)
            #expect(try await browser.get("/login/with/\(ids[0].uuidString)").status == .notFound)
            #expect(try await app.auditActions().contains("sign_in.settings_changed"))
        }
    }
}
