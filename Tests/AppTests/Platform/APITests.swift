// The JSON API: bearer tokens, the caller's schools only, and errors as JSON.

import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("JSON API")
struct APITests {
    struct Me: Decodable {
        struct PersonJSON: Decodable { var email: String; var roles: [String] }
        struct School: Decodable { var slug: String; var roles: [String] }
        var person: PersonJSON
        var schools: [School]
    }

    struct APIError: Decodable { var error: Bool; var reason: String }

    @Test("GET /api/v1/me returns the person with their schools and roles")
    func me() async throws {
        try await withSteward { app, demo in
            let head = demo.account("st-cleopas", "headteacher")
            let token = try await app.apiToken(for: head.email)
            let reply = try await Browser(app).get("/api/v1/me", headers: ["Authorization": "Bearer \(token)"])
            #expect(reply.status == .ok)
            let me = try reply.json(Me.self)
            #expect(me.person.email == head.email)
            #expect(me.schools.map(\.slug) == ["st-cleopas"])
            #expect(Set(me.schools[0].roles) == ["headteacher", "line_manager", "staff"])
        }
    }

    @Test("People are listed for the caller's school only, and one person by id")
    func people() async throws {
        try await withSteward { app, demo in
            let token = try await app.apiToken(for: demo.account("st-cleopas", "hr").email)
            let headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            let list = try await Browser(app).get("/api/v1/people", headers: headers)
            #expect(list.status == .ok)
            #expect(list.body.contains("teacher@stcleopas.example.org"))
            #expect(!list.body.contains("holytrinity"))
            let id = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let one = try await Browser(app).get("/api/v1/people/\(id)", headers: headers)
            #expect(one.status == .ok)
            #expect(one.body.contains("\"roles\":[\"staff\"]"))
            let bogus = try await Browser(app).get("/api/v1/people/not-a-uuid", headers: headers)
            #expect(bogus.status == .notFound)
            #expect(try bogus.json(APIError.self).error)
            let teacherToken = try await app.apiToken(for: demo.account("st-cleopas", "teacher").email)
            let refused = try await Browser(app).get(
                "/api/v1/people", headers: ["Authorization": "Bearer \(teacherToken)"])
            #expect(refused.status == .forbidden)
            #expect(try refused.json(APIError.self).error)
        }
    }

    @Test("Missing, malformed, unknown and revoked tokens get 401 with a JSON message")
    func badTokens() async throws {
        try await withSteward { app, demo in
            for value in [
                "", "Bearer", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer " + String(repeating: "x", count: 5000),
            ] {
                var headers = HTTPHeaders()
                if !value.isEmpty { headers.add(name: .authorization, value: value) }
                let reply = try await Browser(app).get("/api/v1/me", headers: headers)
                #expect(reply.status == .unauthorized, "\(value.prefix(20))")
                #expect(try reply.json(APIError.self).reason.contains("API token"))
            }
            let teacher = demo.account("st-cleopas", "teacher")
            let browser = try await Browser.signedIn(app, as: teacher.email)
            let page = try await browser.post(
                "/account/tokens", [("name", "Laptop script"), ("current", teacher.password)], csrfFrom: "/account")
            let token = try #require(Reply.firstMatch(#"<code id="new-token">([^<]+)</code>"#, in: page.body))
            #expect(
                try await Browser(app).get("/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status == .ok)
            let tokenID = try #require(Reply.firstMatch(#"/account/tokens/([0-9A-F-]+)/revoke"#, in: page.body))
            try await browser.post("/account/tokens/\(tokenID)/revoke", [], csrfFrom: "/account")
            #expect(
                try await Browser(app).get("/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status
                    == .unauthorized)
            // A session cookie does not open the API.
            #expect(try await browser.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test("Health reports the database engine")
    func health() async throws {
        try await withSteward { app, _ in
            let reply = try await Browser(app).get("/healthz")
            #expect(reply.status == .ok)
            struct Health: Decodable { var status: String; var database: String }
            let health = try reply.json(Health.self)
            #expect(health.status == "ok")
            let expected =
                ProcessInfo.processInfo.environment["STEWARD_TEST_DATABASE_URL"].map {
                    $0.isEmpty ? "sqlite" : "postgres"
                } ?? "sqlite"
            #expect(health.database == expected)
        }
    }

    @Test("Unknown API paths and methods answer JSON errors")
    func unknownPaths() async throws {
        try await withSteward { app, _ in
            let reply = try await Browser(app).get("/api/v1/nothing-here")
            #expect(reply.status == .notFound)
            #expect(try reply.json(APIError.self).error)
        }
    }
}

@Suite("Pages and errors")
struct PageTests {
    @Test("A missing page shows a plain 404 with no internals, with security headers")
    func notFoundPage() async throws {
        try await withSteward { app, _ in
            let reply = try await Browser(app).get("/no/such/page")
            #expect(reply.status == .notFound)
            #expect(reply.body.contains("Page not found"))
            #expect(!reply.body.contains("Abort"))
            #expect(!reply.body.contains(".swift"))
            #expect(reply.headers.first(name: "Content-Security-Policy") != nil)
        }
    }

    @Test("Every page a role can reach renders with a skip link, one h1 and labelled fields")
    func pagesRender() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let id = try await app.personID(demo.account("st-cleopas", "teacher").email)
            for path in ["/", "/account", "/people", "/people/new", "/people/\(id)", "/people/\(id)/edit", "/audit"] {
                let page = try await head.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.body.contains(##"<a class="skip-link" href="#main">"##), "\(path)")
                #expect(page.body.components(separatedBy: "<h1").count == 2, "\(path)")
                #expect(page.body.contains("St Cleopas C of E Primary School"), "\(path)")
                for input in Reply.allMatches(#"<input id="([^"]+)""#, in: page.body) {
                    #expect(page.body.contains(#"for="\#(input)""#), "\(path): input \(input) has no label")
                }
            }
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let home = try await teacher.get("/")
            #expect(!home.body.contains(#"href="/people""#))
            #expect(!home.body.contains(#"href="/audit""#))
        }
    }

    @Test("A trust administrator switches school and sees that school's people")
    func switchSchool() async throws {
        try await withSteward { app, demo in
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let page = try await admin.get("/people")
            #expect(page.body.contains("stcleopas.example.org"))
            let other = try #require(try await School.query(on: app.db).filter(\.$slug == "holy-trinity").first())
            let reply = try await admin.post("/school", [("school", try other.requireID().uuidString)], csrfFrom: "/")
            #expect(reply.status == .seeOther)
            let after = try await admin.get("/people")
            #expect(after.body.contains("holytrinity.example.org"))
            #expect(!after.body.contains("stcleopas.example.org"))
            let northfield = try #require(try await School.query(on: app.db).filter(\.$slug == "northfield").first())
            let refused = try await admin.post(
                "/school", [("school", try northfield.requireID().uuidString)], csrfFrom: "/")
            #expect(refused.status == .notFound)
        }
    }

    @Test("Migrations revert completely and run again")
    func migrationsRevert() async throws {
        try await withSteward { app, _ in
            try await app.autoRevert().get()
            await #expect(throws: (any Error).self) { _ = try await app.count("people") }
            try await app.autoMigrate().get()
            #expect(try await app.count("audit_head") == 1)
            #expect(try await app.count("people") == 0)
        }
    }
}
