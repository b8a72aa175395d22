// Every route, for every demo role and for nobody, answers as StewardCore's access table says it should.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Access to every route")
struct AccessTests {
    @Test("Every registered route declares the action it performs")
    func everyRouteDeclaresAnAction() async throws {
        try await withSteward { app, _ in
            let missing = app.routes.all.filter { $0.stewardAction == nil }.map(\.description)
            #expect(missing.isEmpty, "Routes without an action: \(missing)")
            #expect(app.routes.all.count > 20)
        }
    }

    /// Fills path parameters with records of the actor's own school.
    private func concretePath(_ route: Route, personID: UUID) -> String {
        route.filled(["personID": personID.uuidString])
    }

    /// Who walks every route: nobody, then each St Cleopas demo account by the local part of its address. One test
    /// case each, so that Swift Testing runs the walkers side by side (one walker after another took a third of the
    /// suite's time on two cores).
    static let walkers = [
        "anonymous", "headteacher", "dsl", "hr", "chair", "governor", "manager", "teacher", "ta", "socialmedia",
        "volunteer", "trust.admin",
    ]

    private static func account(_ demo: Demo, _ walker: String) -> DemoAccounts.Account {
        walker == "trust.admin" ? demo.trustAdmin : demo.account("st-cleopas", walker)
    }

    @Test("The route walkers are nobody and every St Cleopas demo account")
    func walkersCoverEveryAccount() async throws {
        try await withSteward { _, demo in
            let accounts = demo.accounts.accounts.filter { $0.school == "st-cleopas" }.map(\.email)
            let walkers = Self.walkers.dropFirst().map { Self.account(demo, $0).email }
            #expect(Set(walkers) == Set(accounts))
            #expect(walkers.count == accounts.count)
        }
    }

    @Test(
        "Every route answers every demo role (and an anonymous visitor) as the access table says",
        arguments: walkers)
    func walkAllRoutes(walker: String) async throws {
        try await withSteward { app, demo in
            let school = try #require(try await School.query(on: app.db).filter(\.$slug == "st-cleopas").first())
            let schoolID = try school.requireID()
            let target = try await app.personID(demo.account("st-cleopas", "volunteer").email)
            var email = "anonymous"
            var actor: Actor?
            if walker != "anonymous" {
                let account = Self.account(demo, walker)
                let roles = Set(account.roles.compactMap(Role.init(rawValue:)))
                email = account.email
                let id = try await app.personID(email)
                actor = Actor(personID: id, schoolID: schoolID, rolesBySchool: [schoolID: roles])
                #expect(!roles.isEmpty, "\(email) has no roles")
            }
            var checked = 0
            let token = actor == nil ? nil : try await app.apiToken(for: email)
            for route in app.routes.all {
                let action = try #require(route.stewardAction)
                let path = concretePath(route, personID: target)
                // The answer written in the tests, not the one the code under test gives.
                let expected = ExpectedAccess.decision(action, roles: actor?.roles)
                let browser = actor == nil ? Browser(app) : try await Browser.signedIn(app, as: email)
                var headers = HTTPHeaders()
                if let token, path.hasPrefix("/api/") { headers.bearerAuthorization = .init(token: token) }
                let reply: Reply
                if route.method == .GET {
                    reply = try await browser.get(path, headers: headers)
                } else {
                    let csrf = try await browser.get(actor == nil ? "/login" : "/account").csrf ?? ""
                    reply = try await browser.request(
                        route.method, path, headers: headers, body: Browser.form([("_csrf", csrf)]))
                }
                let context = "\(email) \(route.description) → \(reply.status.code), expected \(expected)"
                #expect(reply.status.code < 500, "\(context)")
                switch expected {
                case .allowed:
                    #expect(![401, 403].contains(reply.status.code), "\(context)")
                case .forbidden:
                    // A made-up record id answers "not found" before anyone's roles are considered.
                    let madeUpRecord = route.path.contains {
                        $0 != .parameter("personID") && $0.description.hasPrefix(":")
                    }
                    #expect(reply.status == .forbidden || (madeUpRecord && reply.status == .notFound), "\(context)")
                case .signInRequired:
                    if path.hasPrefix("/api/") {
                        #expect(reply.status == .unauthorized, "\(context)")
                    } else {
                        #expect(
                            reply.status == .seeOther && reply.location?.hasPrefix("/login") == true, "\(context)")
                    }
                case .notFound:
                    #expect(reply.status == .notFound, "\(context)")
                }
                checked += 1
            }
            #expect(checked == app.routes.all.count && checked > 150)
        }
    }

    @Test("A record of another school answers 404, never 403, and never its contents")
    func otherSchoolsAreInvisible() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            for school in ["northfield", "holy-trinity"] {
                let other = demo.account(school, "teacher")
                let id = try await app.personID(other.email)
                for path in ["/people/\(id)", "/people/\(id)/edit"] {
                    let reply = try await head.get(path)
                    #expect(reply.status == .notFound, "\(path)")
                    #expect(!reply.body.contains(other.email))
                }
                let post = try await head.post("/people/\(id)/deactivate", [], csrfFrom: "/people")
                #expect(post.status == .notFound)
                #expect(try await Person.find(id, on: app.db)?.active == true)
                let token = try await app.apiToken(for: demo.account("st-cleopas", "headteacher").email)
                let api = try await head.get("/api/v1/people/\(id)", headers: ["Authorization": "Bearer \(token)"])
                #expect(api.status == .notFound)
                #expect(!api.body.contains(other.email))
                // A staff member who may not see people still gets 403 for their own school and 404 for another.
                #expect(try await teacher.get("/people/\(id)").status == .notFound)
            }
            let own = try await app.personID(demo.account("st-cleopas", "ta").email)
            #expect(try await teacher.get("/people/\(own)").status == .forbidden)
            #expect(try await teacher.get("/people/\(UUID())").status == .notFound)
        }
    }

    @Test("A trust administrator reaches every school of their trust and none of another trust")
    func trustAdministrator() async throws {
        try await withSteward { app, demo in
            let token = try await app.apiToken(for: demo.trustAdmin.email)
            let browser = Browser(app)
            let reply = try await browser.get("/api/v1/people", headers: ["Authorization": "Bearer \(token)"])
            #expect(reply.status == .ok)
            #expect(reply.body.contains("stcleopas.example.org"))
            #expect(reply.body.contains("holytrinity.example.org"))
            #expect(!reply.body.contains("northfield.example.org"))
            let other = try await app.personID(demo.account("northfield", "teacher").email)
            let one = try await browser.get("/api/v1/people/\(other)", headers: ["Authorization": "Bearer \(token)"])
            #expect(one.status == .notFound)
        }
    }

    @Test("AccessPolicy answers every action for every role, and for nobody, as the table written in the tests says")
    func wholeTable() {
        let school = UUID()
        for action in Action.allCases {
            #expect(AccessPolicy.can(nil, action) == ExpectedAccess.decision(action, roles: nil), "nobody \(action)")
            #expect(
                ExpectedAccess.open.contains(action) || ExpectedAccess.roles[action] != nil,
                "\(action) has no expected answer: write one from the issue that added it")
            for role in Role.allCases {
                let actor = Actor(personID: UUID(), schoolID: school, rolesBySchool: [school: [role]])
                #expect(
                    AccessPolicy.can(actor, action) == ExpectedAccess.decision(action, roles: [role]),
                    "\(role) \(action)")
                // A record of a school the actor cannot reach is not found, whatever the role.
                if !ExpectedAccess.open.contains(action) {
                    #expect(AccessPolicy.can(actor, action, .schoolRecord(schoolID: UUID())) == .notFound)
                }
            }
        }
    }

    @Test("A person's own record gives them only what any signed-in person may do, nothing more")
    func ownRecord() {
        let school = UUID()
        let me = UUID()
        for action in Action.allCases {
            for role in Role.allCases {
                let actor = Actor(personID: me, schoolID: school, rolesBySchool: [school: [role]])
                #expect(
                    AccessPolicy.can(actor, action, .person(id: me, schoolID: school))
                        == ExpectedAccess.decision(action, roles: [role]), "\(role) \(action) on their own record")
            }
        }
    }
}
