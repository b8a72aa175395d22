// Managing people: adding, editing, roles, deactivation, and what bad or hostile input does (nothing).

import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("People")
struct PeopleTests {
    private func head(_ app: Application, _ demo: Demo) async throws -> Browser {
        try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
    }

    @Test("A headteacher adds a person with roles, and the person appears in the list")
    func addPerson() async throws {
        try await withSteward { app, demo in
            let browser = try await head(app, demo)
            let manager = try await app.personID(demo.account("st-cleopas", "manager").email)
            let reply = try await browser.post(
                "/people",
                [
                    ("forename", "Rosa"), ("surname", "Parks-Evans"), ("email", " Rosa.Parks@StCleopas.example.org "),
                    ("kind", "employee"), ("jobTitle", "Year 2 teacher"), ("lineManager", manager.uuidString),
                    ("startDate", "01/09/2026"), ("roles[]", "staff"), ("roles[]", "social_media_admin"),
                ],
                csrfFrom: "/people/new")
            #expect(reply.status == .seeOther)
            let person = try #require(
                try await Person.query(on: app.db).filter(\.$email == "rosa.parks@stcleopas.example.org").first())
            #expect(person.startDate == "2026-09-01")
            #expect(person.$lineManager.id == manager)
            let roles = try await RoleAssignment.query(on: app.db).filter(\.$person.$id == person.requireID()).all()
                .map(\.role)
            #expect(Set(roles) == [.staff, .socialMediaAdmin])
            let list = try await browser.get("/people?q=parks")
            #expect(list.body.contains("Parks-Evans, Rosa"))
            #expect(!list.body.contains("Pike, James"))
            let page = try await browser.get(try #require(reply.location))
            #expect(page.body.contains("1 September 2026"))
            #expect(page.body.contains("Sarah Whitfield"))
        }
    }

    @Test("Bad input gets a message naming each field and writes nothing")
    func badInput() async throws {
        try await withSteward { app, demo in
            let browser = try await head(app, demo)
            let before = try await app.count("people")
            let audit = try await app.count("audit_entries")
            let cases: [([(String, String)], String)] = [
                ([("surname", "X"), ("email", "x@y.example.org"), ("kind", "employee")], "Enter first name."),
                (
                    [("forename", "X"), ("surname", "Y"), ("email", "not-an-email"), ("kind", "employee")],
                    "Enter an email address in the correct format"
                ),
                (
                    [("forename", "X"), ("surname", "Y"), ("email", "x@y.example.org"), ("kind", "pupil")],
                    "employee, governor or volunteer"
                ),
                (
                    [
                        ("forename", "X"), ("surname", "Y"), ("email", "x@y.example.org"), ("kind", "employee"),
                        ("startDate", "31/02/2026"),
                    ], "Start date must be a real date"
                ),
                (
                    [
                        ("forename", "X"), ("surname", "Y"), ("email", "x@y.example.org"), ("kind", "employee"),
                        ("startDate", "2026-09-01"), ("leavingDate", "2026-08-01"),
                    ], "Leaving date must be on or after"
                ),
                (
                    [("forename", "X\u{202E}Y"), ("surname", "Y"), ("email", "x@y.example.org"), ("kind", "employee")],
                    "invisible character"
                ),
                (
                    [
                        ("forename", "X"), ("surname", "Y"), ("email", "x@y.example.org"), ("kind", "employee"),
                        ("lineManager", UUID().uuidString),
                    ], "Choose a line manager from the list"
                ),
                (
                    [
                        ("forename", "X"), ("surname", "Y"), ("email", "x@y.example.org"), ("kind", "employee"),
                        ("roles[]", "emperor"),
                    ], "Choose roles from the list"
                ),
                (
                    [
                        ("forename", "X"), ("surname", "Y"), ("email", "x@y.example.org"), ("kind", "employee"),
                        ("password", "short"),
                    ], "at least 10 characters"
                ),
                (
                    [
                        ("forename", "X"), ("surname", "Y"), ("email", demo.account("st-cleopas", "teacher").email),
                        ("kind", "employee"),
                    ], "already uses this email"
                ),
            ]
            for (fields, message) in cases {
                let reply = try await browser.post("/people", fields, csrfFrom: "/people/new")
                #expect(reply.status == .badRequest, "\(message)")
                #expect(reply.body.contains(message), "\(message)")
                #expect(reply.body.contains("There is a problem"))
            }
            #expect(try await app.count("people") == before)
            #expect(try await app.count("audit_entries") == audit)
        }
    }

    @Test("Hostile strings are stored as text and shown escaped; huge ones are refused without a 500")
    func hostileStrings() async throws {
        try await withSteward { app, demo in
            let browser = try await head(app, demo)
            let script = "<script>alert(1)</script>"
            let sqlish = "Robert'); DROP TABLE people;--"
            let reply = try await browser.post(
                "/people",
                [
                    ("forename", script), ("surname", sqlish), ("email", "bobby@stcleopas.example.org"),
                    ("kind", "employee"),
                ],
                csrfFrom: "/people/new")
            #expect(reply.status == .seeOther)
            let page = try await browser.get(try #require(reply.location))
            #expect(!page.body.contains(script))
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(try await app.count("people") > 30)
            let huge = String(repeating: "n", count: 10_000)
            let refused = try await browser.post(
                "/people",
                [("forename", huge), ("surname", "Y"), ("email", "huge@stcleopas.example.org"), ("kind", "employee")],
                csrfFrom: "/people/new")
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("100 characters or fewer"))
            let enormous = String(repeating: "n", count: 40_000)
            let tooBig = try await browser.post(
                "/people",
                [("forename", enormous), ("surname", "Y"), ("email", "e@stcleopas.example.org"), ("kind", "employee")],
                csrfFrom: "/people/new")
            // Through a socket the 16 kB body limit answers 413 (checked by tests/http); in memory the field rule does.
            #expect([.payloadTooLarge, .badRequest].contains(tooBig.status))
            #expect(try await app.count("people", where: "email", "e@stcleopas.example.org") == 0)
            #expect(!tooBig.body.contains("Vapor"))
            let controls = try await browser.post(
                "/people",
                [
                    ("forename", "A\u{0007}B"), ("surname", "Y"), ("email", "c@stcleopas.example.org"),
                    ("kind", "employee"),
                ],
                csrfFrom: "/people/new")
            #expect(controls.status == .badRequest)
        }
    }

    @Test("Deactivating a person ends their sessions and API tokens at once")
    func deactivation() async throws {
        try await withSteward { app, demo in
            let teacher = demo.account("st-cleopas", "teacher")
            let session = Browser(app)
            try await session.signIn(teacher)
            let token = try await app.apiToken(for: teacher.email)
            #expect(
                try await Browser(app).get("/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status == .ok)
            let browser = try await head(app, demo)
            let id = try await app.personID(teacher.email)
            let reply = try await browser.post("/people/\(id)/deactivate", [], csrfFrom: "/people/\(id)")
            #expect(reply.status == .seeOther)
            #expect(try await session.get("/").status == .seeOther)
            #expect(
                try await Browser(app).get("/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status
                    == .unauthorized)
            let again = try await Browser(app).signIn(teacher)
            #expect(again.status == .unauthorized)
            #expect(try await app.auditActions().contains("person.deactivated"))
            let inactive = try await browser.get("/people?show=inactive")
            #expect(inactive.body.contains("Pike, James"))
            try await browser.post("/people/\(id)/reactivate", [], csrfFrom: "/people/\(id)")
            #expect(try await Browser(app).signIn(teacher).status == .seeOther)
        }
    }

    @Test("A headteacher cannot deactivate themselves or drop their own headteacher role: the trust manages them")
    func noSelfLockout() async throws {
        try await withSteward { app, demo in
            let browser = try await head(app, demo)
            let me = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            let reply = try await browser.post("/people/\(me)/deactivate", [], csrfFrom: "/")
            #expect(reply.status == .forbidden)
            #expect(reply.body.contains("only a trust administrator can change their account"))
            let edit = try await browser.post(
                "/people/\(me)",
                [
                    ("forename", "Helen"), ("surname", "Ashworth"), ("email", "headteacher@stcleopas.example.org"),
                    ("kind", "employee"), ("roles[]", "staff"),
                ], csrfFrom: "/")
            #expect(edit.status == .forbidden)
            #expect(try await Person.find(me, on: app.db)?.active == true)
            #expect(
                try await RoleAssignment.roles(of: me, in: try await app.schoolID("st-cleopas"), on: app.db)
                    .contains(.headteacher))
        }
    }

    @Test("Editing records the changes; only a trust administrator can grant trust administration")
    func editing() async throws {
        try await withSteward { app, demo in
            let browser = try await head(app, demo)
            let id = try await app.personID(demo.account("st-cleopas", "ta").email)
            let reply = try await browser.post(
                "/people/\(id)",
                [
                    ("forename", "Aisha"), ("surname", "Rahman"), ("email", "ta@stcleopas.example.org"),
                    ("kind", "employee"),
                    ("jobTitle", "Higher level teaching assistant"), ("roles[]", "staff"), ("roles[]", "trust_admin"),
                ],
                csrfFrom: "/people/\(id)/edit")
            #expect(reply.status == .seeOther)
            let roles = try await RoleAssignment.query(on: app.db).filter(\.$person.$id == id).all().map(\.role)
            #expect(!roles.contains(.trustAdmin))
            let entry = try #require(
                try await AuditEntry.query(on: app.db).filter(\.$action == "person.updated").first())
            #expect(entry.details.contains("Higher level teaching assistant"))
        }
    }
}
