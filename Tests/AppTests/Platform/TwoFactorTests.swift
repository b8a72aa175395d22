// Two-factor sign-in: required roles, codes that work once, recovery codes, and enrolment.

import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

@Suite("Two-factor sign-in")
struct TwoFactorTests {
    @Test("A headteacher's password alone opens nothing; the code completes sign-in under a new session id")
    func headteacherNeedsCode() async throws {
        try await withSteward { app, demo in
            let head = demo.account("st-cleopas", "headteacher")
            let browser = Browser(app)
            let first = try await browser.post(
                "/login", [("email", head.email), ("password", head.password)], csrfFrom: "/login")
            #expect(first.location?.hasPrefix("/login/2fa") == true)
            let pending = try #require(browser.sessionCookie)
            let home = try await browser.get("/")
            #expect(home.status == .seeOther)
            #expect(try await browser.get("/people").status == .seeOther)
            let form = try await browser.get("/login/2fa")
            let code = TestTOTP.code(try #require(head.totp_secret))
            let second = try await browser.post("/login/2fa", [("code", code)], csrf: form.csrf)
            #expect(second.status == .seeOther)
            #expect(browser.sessionCookie != pending)
            #expect(try await browser.get("/people").status == .ok)
            let stale = Browser(app)
            stale.cookies["steward_session"] = pending
            #expect(try await stale.get("/").status == .seeOther)
        }
    }

    @Test("A code cannot be used twice")
    func noReplay() async throws {
        try await withSteward { app, demo in
            let head = demo.account("st-cleopas", "headteacher")
            let a = Browser(app)
            try await a.post("/login", [("email", head.email), ("password", head.password)], csrfFrom: "/login")
            // The code of the moment it is sent: a slow password step under load must not outlast it.
            let form = try await a.get("/login/2fa")
            let code = TestTOTP.code(try #require(head.totp_secret))
            #expect(try await a.post("/login/2fa", [("code", code)], csrf: form.csrf).status == .seeOther)
            let b = Browser(app)
            try await b.post("/login", [("email", head.email), ("password", head.password)], csrfFrom: "/login")
            let replay = try await b.post("/login/2fa", [("code", code)], csrfFrom: "/login/2fa")
            #expect(replay.status == .unauthorized)
            #expect(try await b.get("/").status == .seeOther)
            #expect(try await app.auditActions().contains("sign_in.second_factor_failed"))
        }
    }

    @Test("A wrong code is refused and counted")
    func wrongCode() async throws {
        try await withSteward { app, demo in
            let head = demo.account("st-cleopas", "dsl")
            let browser = Browser(app)
            try await browser.post("/login", [("email", head.email), ("password", head.password)], csrfFrom: "/login")
            let reply = try await browser.post("/login/2fa", [("code", "000000")], csrfFrom: "/login/2fa")
            #expect(reply.status == .unauthorized)
            #expect(reply.body.contains("not right"))
            // The code failure counts; the password alone is not a completed sign-in, so it records no success that
            // would clear the count of wrong codes.
            let attempts = try await LoginAttempt.query(on: app.db).filter(\.$email == head.email).all()
            #expect(attempts.count == 1)
            #expect(attempts.first?.succeeded == false)
        }
    }

    @Test("A role that needs two-factor sign-in must enrol first; the QR code and secret complete enrolment")
    func mandatoryEnrolment() async throws {
        try await withSteward { app, demo in
            // A new safeguarding lead, without two-factor sign-in yet.
            let head = Browser(app)
            try await head.signIn(demo.account("st-cleopas", "headteacher"))
            try await head.post(
                "/people",
                [
                    ("forename", "Nina"), ("surname", "Cole"), ("email", "nina@stcleopas.example.org"),
                    ("kind", "employee"), ("roles[]", "safeguarding_lead"), ("password", "correct-horse-battery"),
                ],
                csrfFrom: "/people/new")
            let nina = Browser(app)
            let reply = try await nina.post(
                "/login", [("email", "nina@stcleopas.example.org"), ("password", "correct-horse-battery")],
                csrfFrom: "/login")
            #expect(reply.location == "/login/enrol")
            #expect(try await nina.get("/").status == .seeOther)
            let page = try await nina.get("/login/enrol")
            #expect(page.status == .ok)
            let secret = try #require(Reply.firstMatch(#"<code>([A-Z2-7 ]+)</code>"#, in: page.body))
                .replacingOccurrences(of: " ", with: "")
            let qr = try await nina.get("/login/enrol/qr.svg")
            #expect(qr.status == .ok)
            #expect(qr.headers.contentType?.subType == "svg+xml")
            #expect(qr.body.hasPrefix("<svg"))
            // The page is stable across reloads: showing it wrote nothing.
            let reloaded = try await nina.get("/login/enrol")
            #expect(
                Reply.firstMatch(#"<code>([A-Z2-7 ]+)</code>"#, in: reloaded.body)?.replacingOccurrences(
                    of: " ", with: "") == secret)
            let wrong = try await nina.post("/login/enrol", [("code", "123456")], csrfFrom: "/login/enrol")
            #expect(wrong.status == .badRequest)
            let done = try await nina.post("/login/enrol", [("code", TestTOTP.code(secret))], csrfFrom: "/login/enrol")
            #expect(done.status == .ok)
            #expect(done.body.contains("Save your recovery codes"))
            #expect(try await nina.get("/").status == .ok)
            #expect(try await app.auditActions().contains("two_factor.enrolled"))
        }
    }

    @Test("A recovery code signs in once and never again")
    func recoveryCodes() async throws {
        try await withSteward { app, demo in
            let browser = Browser(app)
            try await browser.signIn(demo.account("st-cleopas", "teacher"))
            let page = try await browser.get("/account/two-factor")
            let secret = try #require(Reply.firstMatch(#"<code>([A-Z2-7 ]+)</code>"#, in: page.body))
                .replacingOccurrences(of: " ", with: "")
            let done = try await browser.post(
                "/account/two-factor",
                [("code", TestTOTP.code(secret)), ("current", demo.account("st-cleopas", "teacher").password)],
                csrfFrom: "/account/two-factor")
            let code = try #require(Reply.firstMatch(#"<li><code>([a-z0-9-]+)</code></li>"#, in: done.body))
            try await browser.post("/logout", [], csrfFrom: "/")

            let teacher = demo.account("st-cleopas", "teacher")
            let again = Browser(app)
            let first = try await again.post(
                "/login", [("email", teacher.email), ("password", teacher.password)], csrfFrom: "/login")
            #expect(first.location?.hasPrefix("/login/2fa") == true)
            #expect(try await again.post("/login/2fa", [("code", code)], csrfFrom: "/login/2fa").status == .seeOther)
            let third = Browser(app)
            try await third.post(
                "/login", [("email", teacher.email), ("password", teacher.password)], csrfFrom: "/login")
            #expect(
                try await third.post("/login/2fa", [("code", code)], csrfFrom: "/login/2fa").status == .unauthorized)
        }
    }
}
