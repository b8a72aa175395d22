// The subject of a concern must not choose their judge: a headteacher cannot hand out or take away the roles that
// hold them to account, nor take over those accounts, and changes to case-handling roles are told (issue 10, item 2).

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Roles that hold the headteacher to account")
struct RoleGuardTests {
    static func roles(_ app: Application, _ email: String) async throws -> Set<Role> {
        try await RoleAssignment.roles(
            of: try await app.personID(email), in: try await app.schoolID("st-cleopas"), on: app.db)
    }

    static func edit(
        _ browser: Browser, _ app: Application, _ email: String, roles: [String], extra: [(String, String)] = []
    ) async throws -> Reply {
        let person = try #require(try await Person.query(on: app.db).filter(\.$email == email).first())
        let id = try person.requireID()
        return try await browser.post(
            "/people/\(id)",
            [
                ("forename", person.forename), ("surname", person.surname), ("email", person.email),
                ("kind", person.kind.rawValue),
            ] + roles.map { ("roles[]", $0) } + extra, csrfFrom: "/")
    }

    @Test("A headteacher's attempt to make a teacher chair, governor or headteacher changes nothing; a lead is made")
    func grants() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let teacher = demo.account("st-cleopas", "teacher").email
            for role in ["chair_of_governors", "governor", "headteacher", "trust_admin"] {
                let reply = try await Self.edit(head, app, teacher, roles: ["staff", role])
                #expect(reply.status == .seeOther, "\(role)")
                #expect(try await Self.roles(app, teacher) == [.staff], "\(role)")
            }
            #expect(try await Self.edit(head, app, teacher, roles: ["staff", "safeguarding_lead"]).status == .seeOther)
            #expect(try await Self.roles(app, teacher) == [.staff, .safeguardingLead])
        }
    }

    @Test(
        "A headteacher cannot edit, reset, deactivate or reactivate the chair's, a governor's or a trust admin's account"
    )
    func protectedAccounts() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            for email in [
                demo.account("st-cleopas", "chair").email, demo.account("st-cleopas", "governor").email,
                demo.trustAdmin.email,
            ] {
                let id = try await app.personID(email)
                let before = try #require(try await Person.find(id, on: app.db))
                #expect(try await head.get("/people/\(id)/edit").status == .forbidden, "\(email) edit form")
                let show = try await head.get("/people/\(id)")
                #expect(show.status == .ok)
                #expect(!show.body.contains("/people/\(id)/edit"), "\(email) offers no edit link")
                let takeover = try await Self.edit(
                    head, app, email, roles: [],
                    extra: [("password", "a-new-password-123"), ("email", "x@example.org")])
                #expect(takeover.status == .forbidden, "\(email) update")
                for action in ["password-link", "deactivate", "reactivate"] {
                    let reply = try await head.post("/people/\(id)/\(action)", [], csrfFrom: "/")
                    #expect(reply.status == .forbidden, "\(email) \(action)")
                }
                let after = try #require(try await Person.find(id, on: app.db))
                #expect(after.email == before.email && after.passwordHash == before.passwordHash && after.active)
                #expect(try await PasswordReset.query(on: app.db).filter(\.$person.$id == id).count() == 0)
            }
            // The trust administrator can.
            let trust = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let chairID = try await app.personID(demo.account("st-cleopas", "chair").email)
            #expect(try await trust.get("/people/\(chairID)/edit").status == .ok)
            let moved = try await Self.edit(
                trust, app, demo.account("st-cleopas", "chair").email, roles: ["governor"])
            #expect(moved.status == .seeOther)
            #expect(try await Self.roles(app, demo.account("st-cleopas", "chair").email) == [.governor])
        }
    }

    @Test("A change to a case-handling role while a case is open is mailed to the chair and the trust, naming no case")
    func changesAreTold() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let ta = demo.account("st-cleopas", "ta").email
            let subject = "Roles that handle concerns changed"
            // No case open: a new lead is made without telling anyone.
            #expect(try await Self.edit(head, app, ta, roles: ["staff", "safeguarding_lead"]).status == .seeOther)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ subject).count() == 0)
            #expect(try await Self.edit(head, app, ta, roles: ["staff"]).status == .seeOther)

            // A case open: the same change is told to the chair and the trust administrator.
            let item = try #require(try await Case.find(try await app.reportPlainConcern(demo), on: app.db))
            let token = try await app.apiToken(for: ta)
            let taBrowser = try await Browser.signedIn(app, as: ta)
            #expect(try await taBrowser.get("/concerns").status == .ok)
            #expect(try await Self.edit(head, app, ta, roles: ["staff", "safeguarding_lead"]).status == .seeOther)
            // The new lead's browser signs in again, so two-factor sign-in is set up before any case list opens.
            let after = try await taBrowser.get("/concerns")
            #expect(after.status == .seeOther)
            #expect(after.location?.hasPrefix("/login") == true)
            // Whether a notice went says a case is open: the headteacher's mail and audit pages show no trace of it,
            // the trust administrator's audit log does.
            for page in ["/outbox?show=all", "/outbox", "/audit", "/audit?action=role"] {
                let body = try await head.get(page).body
                #expect(!body.contains(subject), "\(page)")
                #expect(!body.contains("change_notified"), "\(page)")
            }
            let trust = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            #expect(try await trust.get("/audit?action=role").body.contains("role.change_notified"))
            let told = try await OutboxMessage.query(on: app.db).filter(
                \.$subject == "\(subject) at St Cleopas C of E Primary School"
            ).all()
            #expect(
                Set(told.map(\.recipient)) == [demo.account("st-cleopas", "chair").email, demo.trustAdmin.email])
            for message in told {
                #expect(message.body.contains("given the role Designated safeguarding lead"))
                #expect(!message.body.contains(item.reference))
                #expect(message.caseID == nil)
            }
            // A role that handles no case (line manager) is not told; the person's tokens end either way.
            #expect(
                try await Browser(app).get("/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status
                    == .unauthorized)
            let count = told.count
            #expect(
                try await Self.edit(head, app, ta, roles: ["staff", "safeguarding_lead", "line_manager"]).status
                    == .seeOther)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ subject).count() == count)
        }
    }

    @Test("A headteacher's full staff import that leaves out the chair does not deactivate the chair")
    func importKeepsTheChair() async throws {
        try await withSteward { app, demo in
            let school = try #require(try await School.query(on: app.db).filter(\.$slug == "st-cleopas").first())
            // The file says who is what, so governors missing from it would be deactivated but for the trust's rule.
            let file =
                "Email,Forename,Surname,Staff Type\n\(demo.account("st-cleopas", "teacher").email),James,Pike,Teacher\n"
            let outcome = try await PeopleImport.run(
                Array(file.utf8), school: school, dryRun: false, fullImport: true, confirmed: true, on: app.db,
                context: .command("test", app), importerRoles: [.headteacher])
            guard case .applied(let summary) = outcome else {
                Issue.record("The import applies: \(outcome)")
                return
            }
            #expect(summary.contains("not deactivated: \(demo.account("st-cleopas", "chair").email)"))
            let chair = try #require(
                try await Person.query(on: app.db).filter(\.$email == demo.account("st-cleopas", "chair").email).first()
            )
            #expect(chair.active)
            let ta = try #require(
                try await Person.query(on: app.db).filter(\.$email == demo.account("st-cleopas", "ta").email).first())
            #expect(!ta.active)
        }
    }
}
