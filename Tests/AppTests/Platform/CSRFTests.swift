// Forms that change state refuse requests without this browser's token, and change nothing.

import Foundation
import Testing
import Vapor

@testable import App

@Suite("Cross-site request forgery")
struct CSRFTests {
    private let newPerson: [(String, String)] = [
        ("forename", "Eve"), ("surname", "Forger"), ("email", "eve@stcleopas.example.org"), ("kind", "employee"),
    ]

    @Test("A form post without a token is refused with 403 and writes nothing")
    func missingToken() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let before = try await app.count("audit_entries")
            let reply = try await head.post("/people", newPerson)
            #expect(reply.status == .forbidden)
            #expect(reply.body.contains("This form has expired"))
            #expect(try await app.count("people", where: "email", "eve@stcleopas.example.org") == 0)
            #expect(try await app.count("audit_entries") == before)
        }
    }

    @Test("A token from another browser or a forged one is refused")
    func foreignToken() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let attacker = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let stolen = try #require(try await attacker.get("/").csrf)
            #expect(try await head.post("/people", newPerson, csrf: stolen).status == .forbidden)
            #expect(try await head.post("/people", newPerson, csrf: "forged").status == .forbidden)
            #expect(try await app.count("people", where: "email", "eve@stcleopas.example.org") == 0)
            // The right token works.
            #expect(try await head.post("/people", newPerson, csrfFrom: "/people/new").status == .seeOther)
        }
    }

    @Test("A form sent after its person signed out says they are signed out and to copy what they typed; saves nothing")
    func sentAfterSigningOut() async throws {
        try await withSteward { app, demo in
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let form = try await teacher.get("/concerns/new")
            let token = try #require(form.csrf)
            #expect(try await teacher.post("/logout", [], csrf: token).status == .seeOther)
            let before = try await app.count("cases")
            let reply = try await teacher.post(
                "/concerns", [("category", "other"), ("what_happened", "A message."), ("platform", "Email")],
                csrf: token)
            #expect(reply.status == .forbidden)
            #expect(reply.body.contains("You are signed out, so this was not sent"))
            #expect(try await app.count("cases") == before)
            // Signing in with a stale token is an expired form, not a session that ended.
            let stale = try await Browser(app).post(
                "/login", [("email", "x@example.org"), ("password", "y")], csrf: token)
            #expect(stale.status == .forbidden && stale.body.contains("This form has expired"))
        }
    }

    @Test("Signing out and signing in need a token too")
    func signInAndOutNeedTokens() async throws {
        try await withSteward { app, demo in
            let teacher = demo.account("st-cleopas", "teacher")
            let browser = Browser(app)
            _ = try await browser.get("/login")
            let reply = try await browser.post("/login", [("email", teacher.email), ("password", teacher.password)])
            #expect(reply.status == .forbidden)
            #expect(browser.sessionCookie == nil)
            let signedIn = try await Browser.signedIn(app, as: teacher.email)
            #expect(try await signedIn.post("/logout", []).status == .forbidden)
            #expect(try await signedIn.get("/").status == .ok)
        }
    }

    @Test("Every state-changing page route refuses a missing or wrong token, URL-encoded, multipart or JSON")
    func everyRouteEveryEncoding() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let before = try await app.count("audit_entries")
            let people = try await app.count("people")
            let bodies: [(String, String, (String) -> String)] = [
                (
                    "application/x-www-form-urlencoded", "URL-encoded",
                    { token in
                        token.isEmpty ? "forename=Eve&surname=Forger" : "_csrf=\(token)&forename=Eve&surname=Forger"
                    }
                ),
                (
                    "multipart/form-data; boundary=XyZ", "multipart",
                    { token in
                        (token.isEmpty
                            ? "" : "--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n")
                            + "--XyZ\r\nContent-Disposition: form-data; name=\"forename\"\r\n\r\nEve\r\n--XyZ--\r\n"
                    }
                ),
                (
                    "application/json", "JSON",
                    { token in
                        token.isEmpty ? #"{"forename":"Eve"}"# : #"{"_csrf":"\#(token)","forename":"Eve"}"#
                    }
                ),
            ]
            var checked = 0
            for route in app.routes.all where route.method != .GET && route.path.first?.description != "api" {
                let path = route.filled()
                for (type, name, body) in bodies {
                    for token in ["", "forged-token"] {
                        let reply = try await head.request(.POST, path, body: body(token), contentType: type)
                        #expect(
                            reply.status == .forbidden,
                            "\(route.method) \(path) \(name) \(token.isEmpty ? "without a token" : "with a wrong one")")
                        checked += 1
                    }
                }
            }
            #expect(checked >= 150)
            #expect(try await app.count("people") == people)
            #expect(try await app.count("audit_entries") == before)
        }
    }
}
