// Step-up cannot be skipped: tokens need a fresh second factor (or the password), carry scopes and expire; an
// authenticator is replaced only with a current code; the step-up window ends at 15 minutes (issue 10, item 3).

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Tokens and step-up")
struct TokenAndStepUpTests {
    /// Moves every session of `email` to have proved its second factor `seconds` ago.
    static func secondFactor(_ app: Application, _ email: String, secondsAgo seconds: TimeInterval) async throws {
        let id = try await app.personID(email)
        try await BrowserSession.query(on: app.db).filter(\.$person.$id == id)
            .set(\.$secondFactorAt, to: Date().addingTimeInterval(-seconds)).update()
    }

    static func tokens(_ app: Application, _ email: String) async throws -> [APIToken] {
        try await APIToken.query(on: app.db).filter(\.$person.$id == (try await app.personID(email))).all()
    }

    static func me(_ app: Application, _ token: String) async throws -> HTTPStatus {
        try await Browser(app).get("/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status
    }

    static func newToken(_ page: Reply) -> String? {
        Reply.firstMatch(#"<code id="new-token">([^<]+)</code>"#, in: page.body)
    }

    @Test("Without two-factor sign-in a token needs the current password; it lasts the days chosen, 90 by default")
    func passwordPeople() async throws {
        try await withSteward { app, demo in
            let teacher = demo.account("st-cleopas", "teacher")
            let browser = try await Browser.signedIn(app, as: teacher.email)
            for (fields, message) in [
                ([("name", "Script")], "Enter your current password."),
                ([("name", "Script"), ("current", "not-my-password")], "Your current password is not right."),
            ] {
                let refused = try await browser.post("/account/tokens", fields, csrfFrom: "/account")
                #expect(refused.status == .badRequest)
                #expect(refused.body.contains(message))
                #expect(Self.newToken(refused) == nil)
            }
            #expect(try await Self.tokens(app, teacher.email).isEmpty)
            for days in ["0", "8", "366", "-1", "ninety"] {
                let refused = try await browser.post(
                    "/account/tokens", [("name", "Script"), ("current", teacher.password), ("days", days)],
                    csrfFrom: "/account")
                #expect(refused.status == .badRequest, "\(days) days")
            }
            // Asking for the cases scope without two-factor sign-in is refused.
            let cases = try await browser.post(
                "/account/tokens", [("name", "Script"), ("current", teacher.password), ("cases", "yes")],
                csrfFrom: "/account")
            #expect(cases.status == .badRequest)
            #expect(try await Self.tokens(app, teacher.email).isEmpty)

            let made = try await browser.post(
                "/account/tokens", [("name", "Script"), ("current", teacher.password)], csrfFrom: "/account")
            let token = try #require(Self.newToken(made))
            #expect(try await Self.me(app, token) == .ok)
            let record = try #require(try await Self.tokens(app, teacher.email).first)
            #expect(record.scopeSet == [.basic])
            let lifetime = try #require(record.expiresAt).timeIntervalSince(record.createdAt)
            #expect(abs(lifetime - 90 * 86_400) < 1)
            for days in [7, 30, 365] {
                _ = try await browser.post(
                    "/account/tokens", [("name", "D\(days)"), ("current", teacher.password), ("days", String(days))],
                    csrfFrom: "/account")
                let made = try #require(
                    try await APIToken.query(on: app.db).filter(\.$name == "D\(days)").first())
                #expect(abs(try #require(made.expiresAt).timeIntervalSince(made.createdAt) - Double(days) * 86_400) < 1)
            }
        }
    }

    @Test("With two-factor sign-in a token needs a code unless one was proved in the last 15 minutes")
    func twoFactorPeople() async throws {
        try await withSteward { app, demo in
            let head = demo.account("st-cleopas", "headteacher")
            let secret = try #require(head.totp_secret)
            let browser = try await Browser.signedIn(app, as: head.email)
            // 15:05 ago: a code is needed.
            try await Self.secondFactor(app, head.email, secondsAgo: 15 * 60 + 5)
            let refused = try await browser.post("/account/tokens", [("name", "MIS")], csrfFrom: "/account")
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("Enter a current code from your authenticator app."))
            let wrong = try await browser.post(
                "/account/tokens", [("name", "MIS"), ("code", "000000")], csrfFrom: "/account")
            #expect(wrong.status == .badRequest)
            // The password does not stand in for the code.
            let password = try await browser.post(
                "/account/tokens", [("name", "MIS"), ("current", head.password)], csrfFrom: "/account")
            #expect(password.status == .badRequest)
            #expect(try await Self.tokens(app, head.email).isEmpty)
            let code = TestTOTP.code(secret)
            let made = try await browser.post(
                "/account/tokens", [("name", "MIS"), ("code", code), ("cases", "yes")], csrfFrom: "/account")
            let token = try #require(Self.newToken(made))
            #expect(try await Self.me(app, token) == .ok)
            #expect(try await Self.tokens(app, head.email).first?.scopeSet == [.basic, .cases])
            // The same code does not work twice.
            try await Self.secondFactor(app, head.email, secondsAgo: 20 * 60)
            let replay = try await browser.post(
                "/account/tokens", [("name", "Again"), ("code", code)], csrfFrom: "/account")
            #expect(replay.status == .badRequest)
            // 14:30 ago: no code needed. (Just over 15:00 is refused above, and a slower machine only moves that
            // further past; this side keeps 30 seconds for a loaded machine to answer before it too crosses 15:00.)
            try await Self.secondFactor(app, head.email, secondsAgo: 15 * 60 - 60)
            let fresh = try await browser.post("/account/tokens", [("name", "Fresh")], csrfFrom: "/account")
            #expect(Self.newToken(fresh) != nil)
            #expect(try await Self.tokens(app, head.email).count == 2)
        }
    }

    @Test("A case page opens at 14:30 after the code and sends to step-up at 15:05")
    func stepUpWindow() async throws {
        try await withSteward { app, demo in
            let dsl = demo.account("st-cleopas", "dsl")
            let id = try await app.reportPlainConcern(demo)
            let browser = try await Browser.signedIn(app, as: dsl.email)
            // 30 seconds short of 15:00, so a loaded machine (CI once took more than 5) still answers inside it.
            try await Self.secondFactor(app, dsl.email, secondsAgo: 15 * 60 - 60)
            #expect(try await browser.get("/concerns/\(id)").status == .ok)
            try await Self.secondFactor(app, dsl.email, secondsAgo: 15 * 60 + 5)
            let sent = try await browser.get("/concerns/\(id)")
            #expect(sent.status == .seeOther)
            #expect(sent.location?.hasPrefix("/step-up") == true)
        }
    }

    @Test("Tokens stop at their expiry, and at a password change or reset, a role change and deactivation")
    func tokensEnd() async throws {
        try await withSteward { app, demo in
            let teacher = demo.account("st-cleopas", "teacher")
            // Expiry, on both sides of the instant.
            let token = try await app.apiToken(for: teacher.email)
            let record = try #require(try await Self.tokens(app, teacher.email).first)
            record.expiresAt = Date().addingTimeInterval(5)
            try await record.update(on: app.db)
            #expect(try await Self.me(app, token) == .ok)
            record.expiresAt = Date().addingTimeInterval(-1)
            try await record.update(on: app.db)
            #expect(try await Self.me(app, token) == .unauthorized)

            // A password change on the account page.
            let changed = try await app.apiToken(for: teacher.email)
            let browser = try await Browser.signedIn(app, as: teacher.email)
            let reply = try await browser.post(
                "/account/password",
                [("current", teacher.password), ("password", "a-brand-new-pass"), ("confirm", "a-brand-new-pass")],
                csrfFrom: "/account")
            #expect(reply.status == .seeOther)
            #expect(try await Self.me(app, changed) == .unauthorized)

            // A password reset by link.
            let reset = try await app.apiToken(for: teacher.email)
            let link = Secrets.token()
            let personID = try await app.personID(teacher.email)
            try await PasswordReset(
                personID: personID, tokenHash: Secrets.sha256(link), now: Date(), requestedFrom: "192.0.2.1"
            ).create(on: app.db)
            let done = try await Browser(app).post(
                "/password/reset",
                [("token", link), ("password", "another-new-pass"), ("confirm", "another-new-pass")],
                csrfFrom: "/password/reset?token=\(link)")
            #expect(done.status == .seeOther)
            #expect(try await Self.me(app, reset) == .unauthorized)

            // A role change by the headteacher.
            let roles = try await app.apiToken(for: teacher.email)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            _ = try await RoleGuardTests.edit(head, app, teacher.email, roles: ["staff", "line_manager"])
            #expect(try await Self.me(app, roles) == .unauthorized)
            #expect(try await app.auditActions().filter { $0 == "api_token.revoked_all" }.count >= 3)
        }
    }

    @Test("A role that needs two-factor sign-in uses no token until its holder has set it up")
    func unenrolledHandlers() async throws {
        try await withSteward { app, demo in
            let ta = demo.account("st-cleopas", "ta").email
            let token = try await app.apiToken(for: ta, scopes: [.basic, .cases])
            #expect(try await Self.me(app, token) == .ok)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            _ = try await RoleGuardTests.edit(head, app, ta, roles: ["staff", "safeguarding_lead"])
            // Tokens ended with the role change; a new one, made by the operator, still does nothing.
            let after = try await app.apiToken(for: ta, scopes: [.basic, .cases])
            let reply = try await Browser(app).get("/api/v1/concerns", headers: ["Authorization": "Bearer \(after)"])
            #expect(reply.status == .forbidden)
            #expect(reply.body.contains("needs two-factor sign-in"))
        }
    }

    @Test("Replacing an authenticator needs a code from the current one or a recovery code")
    func replaceAuthenticator() async throws {
        try await withSteward { app, demo in
            let head = demo.account("st-cleopas", "headteacher")
            let browser = try await Browser.signedIn(app, as: head.email)
            let page = try await browser.get("/account/two-factor")
            #expect(page.status == .ok)
            #expect(page.body.contains("Change your authenticator"))
            let newSecret = try #require(Reply.firstMatch(#"<code>([A-Z2-7 ]+)</code>"#, in: page.body))
                .replacingOccurrences(of: " ", with: "")
            let before = try #require(try await Person.query(on: app.db).filter(\.$email == head.email).first())
                .totpSecret
            // The new app's code alone, or with a wrong current code, replaces nothing.
            for extra in [[(String, String)](), [("currentCode", "123456")]] {
                let refused = try await browser.post(
                    "/account/two-factor", [("code", TestTOTP.code(newSecret))] + extra,
                    csrfFrom: "/account/two-factor")
                #expect(refused.status == .badRequest)
                let now = try #require(try await Person.query(on: app.db).filter(\.$email == head.email).first())
                #expect(now.totpSecret == before)
            }
            let done = try await browser.post(
                "/account/two-factor",
                [("code", TestTOTP.code(newSecret)), ("currentCode", TestTOTP.code(try #require(head.totp_secret)))],
                csrfFrom: "/account/two-factor")
            #expect(done.status == .ok)
            #expect(done.body.contains("Save your recovery codes"))
            let after = try #require(try await Person.query(on: app.db).filter(\.$email == head.email).first())
            #expect(after.totpSecret != before)
        }
    }

    @Test("A refused token form says why, whatever the field, and keeps the lifetime chosen")
    func refusedTokenFormSaysWhy() async throws {
        try await withSteward { app, demo in
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            // A teacher without two-factor sign-in is not offered the cases box; posting it anyway is explained.
            let refused = try await teacher.post(
                "/account/tokens", [("name", "Script"), ("days", "30"), ("cases", "yes"), ("current", "x")],
                csrfFrom: "/account")
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("Only people with two-factor sign-in can give a token access to cases."))
            #expect(refused.body.contains(#"aria-labelledby="token-error-summary-title""#))
            #expect(refused.body.contains(#"<option value="30" selected>"#))
            #expect(!refused.body.contains(#"<option value="90" selected>"#))
        }
    }
}
