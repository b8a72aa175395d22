// Signing in and out as a person (and an attacker) would: cookies, timeouts, throttling, two-factor.

import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

@Suite("Signing in")
struct SignInTests {
    @Test("The sign-in page carries a form token and every security header")
    func signInPageHeaders() async throws {
        try await withSteward { app, _ in
            let browser = Browser(app)
            let page = try await browser.get("/login")
            #expect(page.status == .ok)
            #expect(page.csrf?.isEmpty == false)
            #expect(page.body.contains(#"<label for="email">"#))
            let csp = page.headers.first(name: "Content-Security-Policy") ?? ""
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(csp.contains("script-src 'self'"))
            #expect(!csp.contains("unsafe-inline"))
            #expect(page.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(page.headers.first(name: "Referrer-Policy") != nil)
        }
    }

    @Test("A staff member signs in with a password and gets an HttpOnly, SameSite=Lax session cookie")
    func staffSignIn() async throws {
        try await withSteward { app, demo in
            let browser = Browser(app)
            let reply = try await browser.signIn(demo.account("st-cleopas", "teacher"))
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/")
            let cookie = reply.headers[.setCookie].first { $0.hasPrefix("steward_session=") } ?? ""
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.body.contains("Hello, James"))
            #expect(home.headers.first(name: .cacheControl) == "no-store")
            #expect(try await app.auditActions().contains("sign_in.succeeded"))
        }
    }

    @Test("The session cookie is Secure when the base URL is https")
    func secureCookie() async throws {
        try await withSteward(baseURL: "https://steward.example.org") { app, demo in
            let reply = try await Browser(app).signIn(demo.account("st-cleopas", "teacher"))
            let cookie = reply.headers[.setCookie].first { $0.hasPrefix("steward_session=") } ?? ""
            #expect(cookie.contains("Secure"))
        }
    }

    @Test("Signing in issues a new session id and the old one is refused afterwards")
    func sessionFixation() async throws {
        try await withSteward { app, demo in
            let browser = Browser(app)
            // An id planted by an attacker before sign-in is never adopted.
            browser.cookies["steward_session"] = "planted-by-an-attacker"
            try await browser.signIn(demo.account("st-cleopas", "teacher"))
            let first = try #require(browser.sessionCookie)
            #expect(first != "planted-by-an-attacker")
            // Signing in again from the same browser replaces the session too.
            let ta = demo.account("st-cleopas", "ta")
            try await browser.post("/login", [("email", ta.email), ("password", ta.password)], csrfFrom: "/account")
            let second = try #require(browser.sessionCookie)
            #expect(first != second)
            let attacker = Browser(app)
            attacker.cookies["steward_session"] = first
            let reply = try await attacker.get("/")
            #expect(reply.status == .seeOther)
            #expect(reply.location?.hasPrefix("/login") == true)
            #expect(try await browser.get("/").body.contains("Hello, Aisha"))
        }
    }

    @Test("An unknown email and a wrong password get the same page and status")
    func sameAnswerForUnknownAndWrong() async throws {
        try await withSteward { app, demo in
            let browser = Browser(app)
            let known = demo.account("st-cleopas", "teacher").email
            let wrong = try await browser.post(
                "/login", [("email", known), ("password", "not-the-password")], csrfFrom: "/login")
            let unknown = try await browser.post(
                "/login", [("email", "nobody@stcleopas.example.org"), ("password", "not-the-password")],
                csrfFrom: "/login")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == wrong.status)
            let normalise: (String, String) -> String = { body, email in
                body.replacingOccurrences(of: email, with: "EMAIL")
                    .replacingOccurrences(
                        of: #"value="[A-Za-z0-9_-]{40,}""#, with: "TOKEN", options: .regularExpression)
            }
            #expect(normalise(wrong.body, known) == normalise(unknown.body, "nobody@stcleopas.example.org"))
            #expect(browser.sessionCookie == nil)
            let actions = try await app.auditActions()
            #expect(actions.filter { $0 == "sign_in.failed" }.count == 2)
        }
    }

    @Test("After 10 failures an account is refused with 429, even with the right password")
    func throttlePerAccount() async throws {
        try await withSteward { app, demo in
            let account = demo.account("st-cleopas", "teacher")
            for i in 0..<10 {
                // Each guess from a different address: the account limit still applies.
                let browser = Browser(app, address: "198.51.100.\(i + 1)")
                let reply = try await browser.post(
                    "/login", [("email", account.email), ("password", "guess-\(i)")], csrfFrom: "/login")
                #expect(reply.status == .unauthorized)
            }
            let browser = Browser(app, address: "198.51.100.99")
            let reply = try await browser.post(
                "/login", [("email", account.email), ("password", account.password)], csrfFrom: "/login")
            #expect(reply.status == .tooManyRequests)
            #expect(reply.body.contains("Too many failed attempts"))
            #expect(browser.sessionCookie == nil)
        }
    }

    @Test("Ten failures from one address slow it down but never lock its people out")
    func throttlePerAddress() async throws {
        try await withSteward { app, demo in
            let browser = Browser(app, address: "203.0.113.7")
            for i in 0..<10 {
                try await browser.post(
                    "/login", [("email", "guess\(i)@stcleopas.example.org"), ("password", "x")], csrfFrom: "/login")
            }
            let teacher = demo.account("st-cleopas", "teacher")
            // A whole school behind one address: the right password still signs in, after a short wait.
            let started = Date()
            let allowed = try await browser.post(
                "/login", [("email", teacher.email), ("password", teacher.password)], csrfFrom: "/login")
            #expect(allowed.status == .seeOther)
            #expect(allowed.location == "/")
            #expect(Date().timeIntervalSince(started) >= 1)
        }
    }

    @Test("Strangers' failures refuse unknown devices at the 11th attempt, but not a device that signed in before")
    func knownDeviceIsNotLockedOut() async throws {
        try await withSteward(trustedProxies: ["192.0.2.250"]) { app, demo in
            let teacher = demo.account("st-cleopas", "teacher")
            // The owner signs in on their own computer once: it becomes a known device.
            let own = Browser(app, address: "198.51.100.1")
            #expect(try await own.signIn(teacher).status == .seeOther)
            try await own.post("/logout", [], csrfFrom: "/")
            // Nine wrong guesses from nine addresses: the 10th attempt, from a tenth, is still judged on its password.
            for i in 0..<9 {
                let stranger = Browser(app, address: "203.0.113.\(i + 10)")
                let reply = try await stranger.post(
                    "/login", [("email", teacher.email), ("password", "wrong-\(i)")], csrfFrom: "/login")
                #expect(reply.status == .unauthorized)
            }
            let tenth = Browser(app, address: "203.0.113.30")
            #expect(
                try await tenth.post(
                    "/login", [("email", teacher.email), ("password", "wrong-10")], csrfFrom: "/login"
                ).status == .unauthorized)
            // Ten failures now: an unknown device is refused even with the right password …
            let newDevice = Browser(app, address: "203.0.113.31")
            let refused = try await newDevice.post(
                "/login", [("email", teacher.email), ("password", teacher.password)], csrfFrom: "/login")
            #expect(refused.status == .tooManyRequests)
            #expect(newDevice.sessionCookie == nil)
            // … but the owner's own computer signs in.
            let back = try await own.post(
                "/login", [("email", teacher.email), ("password", teacher.password)], csrfFrom: "/login")
            #expect(back.status == .seeOther)
            #expect(back.location == "/")
            #expect(try await own.get("/").status == .ok)
        }
    }

    @Test("X-Forwarded-For is believed only from a configured proxy")
    func trustedProxy() async throws {
        try await withSteward(trustedProxies: ["192.0.2.250"]) { app, demo in
            let proxy = Browser(app, address: "192.0.2.250")
            proxy.extraHeaders.replaceOrAdd(name: "X-Forwarded-For", value: "203.0.113.50")
            for i in 0..<10 {
                try await proxy.post(
                    "/login", [("email", "g\(i)@x.example.org"), ("password", "x")], csrfFrom: "/login")
            }
            struct Row: Decodable { var client_address: String }
            let rows = try await app.sql.select().column("client_address").from("login_attempts").all(
                decoding: Row.self)
            #expect(Set(rows.map(\.client_address)) == ["203.0.113.50"])
            // Another client behind the same proxy is not blocked by that one's failures.
            let other = Browser(app, address: "192.0.2.250")
            other.extraHeaders.replaceOrAdd(name: "X-Forwarded-For", value: "203.0.113.51")
            #expect(try await other.signIn(demo.account("st-cleopas", "teacher")).status == .seeOther)
        }
    }

    @Test("A password longer than 72 bytes is neither truncated nor accepted")
    func longPasswords() async throws {
        try await withSteward { app, demo in
            let head = Browser(app)
            try await head.signIn(demo.account("st-cleopas", "headteacher"))
            let seventyTwo = String(repeating: "a", count: 72)
            let tooLong = String(repeating: "b", count: 73)
            let refused = try await head.post(
                "/people",
                [
                    ("forename", "Long"), ("surname", "Password"), ("email", "long@stcleopas.example.org"),
                    ("kind", "employee"), ("password", tooLong),
                ], csrfFrom: "/people/new")
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("at most 72 bytes"))
            #expect(try await app.count("people", where: "email", "long@stcleopas.example.org") == 0)
            try await head.post(
                "/people",
                [
                    ("forename", "Long"), ("surname", "Password"), ("email", "long@stcleopas.example.org"),
                    ("kind", "employee"), ("password", seventyTwo),
                ], csrfFrom: "/people/new")
            let person = Browser(app)
            let extended = try await person.post(
                "/login", [("email", "long@stcleopas.example.org"), ("password", seventyTwo + "zzz")],
                csrfFrom: "/login")
            #expect(extended.status == .unauthorized)
            let exact = try await person.post(
                "/login", [("email", "long@stcleopas.example.org"), ("password", seventyTwo)], csrfFrom: "/login")
            #expect(exact.status == .seeOther)
        }
    }

    @Test("Signing out ends the session on the server")
    func signOut() async throws {
        try await withSteward { app, demo in
            let browser = Browser(app)
            try await browser.signIn(demo.account("st-cleopas", "teacher"))
            let cookie = try #require(browser.sessionCookie)
            let reply = try await browser.post("/logout", [], csrfFrom: "/")
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/login?signed-out=1")
            #expect(browser.sessionCookie == nil)
            let replay = Browser(app)
            replay.cookies["steward_session"] = cookie
            #expect(try await replay.get("/").status == .seeOther)
            #expect(try await app.count("browser_sessions") == 0)
        }
    }

    @Test("A session ends after 30 idle minutes and 12 hours after sign-in")
    func timeouts() async throws {
        try await withSteward { app, demo in
            let idle = Browser(app)
            try await idle.signIn(demo.account("st-cleopas", "teacher"))
            try await app.sql.update("browser_sessions").set("last_seen_at", to: Date().addingTimeInterval(-31 * 60))
                .run()
            #expect(try await idle.get("/").status == .seeOther)

            let long = Browser(app)
            try await long.signIn(demo.account("st-cleopas", "ta"))
            #expect(try await long.get("/").status == .ok)
            try await app.sql.update("browser_sessions").set(
                "created_at", to: Date().addingTimeInterval(-12 * 3600 - 60)
            ).run()
            #expect(try await long.get("/").status == .seeOther)
            #expect(try await app.count("browser_sessions") == 0)
        }
    }

    @Test("Sign-in's next parameter never leads off the site")
    func openRedirect() async throws {
        try await withSteward { app, demo in
            let account = demo.account("st-cleopas", "teacher")
            for next in ["//evil.example", "https://evil.example", "/\\evil.example"] {
                let browser = Browser(app)
                let reply = try await browser.post(
                    "/login", [("email", account.email), ("password", account.password), ("next", next)],
                    csrfFrom: "/login")
                #expect(reply.location == "/")
            }
        }
    }
}
