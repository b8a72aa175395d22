// The step-up is declared on the route and enforced in one place (issue 12, item 4): every route that names a case
// declares it; with a second factor older than 15 minutes every such route sends the handler to confirm (reads) or
// refuses (posts) and changes nothing; another school's case is still "not found", never "confirm it is you".

import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Step-up declared on the route")
struct StepUpRouteTests {
    static func names(_ route: Route, _ parameter: String) -> Bool {
        route.path.contains { if case .parameter(let name) = $0 { name == parameter } else { false } }
    }

    @Test("Exactly the routes that name a case declare that they need a fresh second factor")
    func declaredOnEveryCaseRoute() async throws {
        try await withSteward { app, _ in
            let caseRoutes = app.routes.all.filter { Self.names($0, "caseID") }
            #expect(caseRoutes.count == 8)  // seven pages (the chronology among them) and one API answer
            for route in app.routes.all {
                #expect(
                    (route.requirement == .recentSecondFactor) == Self.names(route, "caseID"),
                    "\(route.method) \(route.description)")
            }
        }
    }

    @Test("A second factor 16 minutes old: reads go to the step-up and come back, posts are refused, nothing changes")
    func staleFactorEveryRoute() async throws {
        try await withSteward { app, demo in
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let form = try await teacher.get("/concerns/new")
            _ = try await teacher.postMultipart(
                "/concerns", csrf: form.csrf,
                fields: [
                    ("category", "other"), ("what_happened", "Seen only by the handlers"), ("platform", "Email"),
                    ("involved", "unknown"),
                ], files: [("evidence[]", "shot.png", ConcernTests.png)])
            let item = try #require(try await Case.query(on: app.db).first())
            let evidence = try #require(try await CaseEvidence.query(on: app.db).field(\.$id).first())
            let ids = ["caseID": try item.requireID().uuidString, "evidenceID": try evidence.requireID().uuidString]
            let headEmail = demo.account("st-cleopas", "headteacher").email
            let head = try await Browser.signedIn(app, as: headEmail)
            let csrf = try #require(try await head.get("/account").csrf)
            let headID = try await app.personID(headEmail)
            func age(_ minutes: Double) async throws {
                try await app.sql.raw(
                    "UPDATE browser_sessions SET second_factor_at = \(bind: Date().addingTimeInterval(-minutes * 60)) WHERE person_id = \(bind: headID)"
                ).run()
            }
            try await age(16)
            let entries = try await app.count("case_entries")
            let members = try await app.count("case_members")
            let headToken = try await app.apiToken(for: headEmail, scopes: [.basic])
            let audited = try await app.count("audit_entries")
            var checked = 0
            for route in app.routes.all where route.requirement == .recentSecondFactor {
                let path = route.filled(ids)
                if path.hasPrefix("/api/") {
                    var headers = HTTPHeaders()
                    headers.bearerAuthorization = .init(token: headToken)
                    let reply = try await head.get(path, headers: headers)
                    #expect(reply.status == .forbidden, "API \(path) → \(reply.status.code)")
                    #expect(!reply.body.contains("Seen only by the handlers"))
                } else if route.method == .GET {
                    let reply = try await head.get(path)
                    #expect(reply.status == .seeOther, "GET \(path) → \(reply.status.code)")
                    #expect(reply.location == "/step-up?next=" + SafeRedirect.encode(path), "GET \(path)")
                    #expect(!reply.body.contains("Seen only by the handlers"))
                } else {
                    let fields: [(String, String)] = [
                        ("_csrf", csrf), ("to", "triage"), ("reason", "Looking"), ("action", "hr_advice"),
                        ("text", "Asked HR"),
                        ("person", try await app.personID(demo.account("st-cleopas", "hr").email).uuidString),
                    ]
                    let reply = try await head.request(route.method, path, body: Browser.form(fields))
                    #expect(reply.status == .forbidden, "POST \(path) → \(reply.status.code)")
                    // The answer is the step-up form itself, saying nothing was saved.
                    #expect(reply.body.contains("nothing was saved"), "POST \(path)")
                    #expect(reply.body.contains(#"action="/step-up""#), "POST \(path)")
                }
                checked += 1
            }
            #expect(checked == 8)
            #expect(try await app.count("case_entries") == entries)
            #expect(try await app.count("case_members") == members)
            let actions = try await app.auditActions()
            #expect(actions.count == audited, "\(actions.suffix(3))")
            #expect(try await Case.find(item.id, on: app.db)?.state == .new)

            // The reporter's own token without the cases scope still reads their report's status, not its details.
            let teacherToken = try await app.apiToken(for: demo.account("st-cleopas", "teacher").email)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: teacherToken)
            let own = try await teacher.get("/api/v1/concerns/\(ids["caseID"] ?? "")", headers: headers)
            #expect(own.status == .ok)
            #expect(!own.body.contains("Seen only by the handlers"))

            // Fourteen minutes: the same routes open.
            try await age(14)
            let page = try await head.get("/concerns/\(ids["caseID"] ?? "")")
            #expect(page.status == .ok)
            #expect(page.body.contains("Seen only by the handlers"))
            let moved = try await head.post(
                "/concerns/\(ids["caseID"] ?? "")/state", [("to", "triage"), ("reason", "Looking")], csrf: page.csrf)
            #expect(moved.status == .seeOther)
        }
    }

    @Test("Another school's case is not found, with or without a fresh second factor: the step-up reveals nothing")
    func otherSchoolStillNotFound() async throws {
        try await withSteward { app, demo in
            let ids = try await OtherSchoolRecordsTests.northfieldRecords(app, demo)
            let headEmail = demo.account("st-cleopas", "headteacher").email
            let head = try await Browser.signedIn(app, as: headEmail)
            let csrf = try #require(try await head.get("/account").csrf)
            try await app.sql.raw(
                "UPDATE browser_sessions SET second_factor_at = NULL WHERE person_id = \(bind: try await app.personID(headEmail))"
            ).run()
            let token = try await app.apiToken(for: headEmail, scopes: [.basic])
            for route in app.routes.all where route.requirement == .recentSecondFactor {
                let path = route.filled(ids)
                var headers = HTTPHeaders()
                if path.hasPrefix("/api/") { headers.bearerAuthorization = .init(token: token) }
                let reply =
                    route.method == .GET
                    ? try await head.get(path, headers: headers)
                    : try await head.request(
                        route.method, path, headers: headers, body: Browser.form([("_csrf", csrf)]))
                #expect(reply.status == .notFound, "\(route.method) \(path) → \(reply.status.code)")
            }
        }
    }
}
