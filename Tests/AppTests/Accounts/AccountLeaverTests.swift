// When someone who runs the school's accounts goes (issue 13): off every account at once, a checklist item per
// account for the headteacher and one mail, open until ticked; coming back restores nothing.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Official accounts: when an administrator goes")
struct AccountLeaverTests {
    struct Scene {
        let app: Application
        let demo: Demo
        let schoolID: UUID
        let accounts: Set<UUID>
        let smaID: UUID
        let head: Browser

        static func make(_ app: Application, _ demo: Demo) async throws -> Scene {
            let schoolID = try await app.schoolID("st-cleopas")
            let accounts = Set(
                try await OfficialAccount.query(on: app.db).filter(\.$schoolID == schoolID).all().compactMap(\.id))
            return Scene(
                app: app, demo: demo, schoolID: schoolID, accounts: accounts,
                smaID: try await app.personID(demo.account("st-cleopas", "socialmedia").email),
                head: try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email))
        }

        func administered() async throws -> Set<UUID> {
            Set(try await AccountAdministrator.query(on: app.db).filter(\.$personID == smaID).all().map(\.accountID))
        }

        func openHandovers() async throws -> [AccountHandover] {
            try await AccountHandover.query(on: app.db).filter(\.$personID == smaID).filter(\.$doneAt == nil).all()
        }

        func handoverMail() async throws -> [OutboxMessage] {
            _ = try await JobRunner(app: app).runDue()
            return try await OutboxMessage.query(on: app.db)
                .filter(\.$recipient == demo.account("st-cleopas", "headteacher").email).all()
                .filter { $0.subject.contains("Lucy Fenwick") || $0.body.contains("Lucy Fenwick") }
        }

        /// Everything the issue asks for once the administrator has gone.
        func expectTakenOff(_ label: String) async throws {
            #expect(accounts.count == 2, "\(label)")
            #expect(try await administered().isEmpty, "\(label): still runs an account")
            let open = try await openHandovers()
            #expect(open.count == 2, "\(label): \(open.count) handovers")
            #expect(Set(open.map(\.accountID)) == accounts, "\(label)")
            #expect(
                try await app.auditActions().filter { $0 == "account.administrator_removed" }.count == 2, "\(label)")
            let mail = try await handoverMail()
            #expect(mail.count == 1, "\(label): \(mail.count) mails to the headteacher")
            if let message = mail.first {
                #expect(message.body.contains("St Cleopas Primary"), "\(label)")
                #expect(message.body.contains("@StCleopasSchool"), "\(label)")
                #expect(message.body.contains("/accounts"), "\(label)")
            }
            let page = try await head.get("/accounts")
            #expect(page.body.components(separatedBy: "/done\"").count - 1 == 2, "\(label): checklist items")
        }
    }

    @Test(
        "Deactivated on the people page: off both accounts, two checklist items, one mail; reactivation restores nothing"
    )
    func deactivated() async throws {
        try await withSteward { app, demo in
            let scene = try await Scene.make(app, demo)
            #expect(try await scene.administered() == scene.accounts)
            let reply = try await scene.head.post(
                "/people/\(scene.smaID)/deactivate", [], csrfFrom: "/people/\(scene.smaID)")
            #expect(reply.status == .seeOther)
            try await scene.expectTakenOff("deactivated")

            let back = try await scene.head.post(
                "/people/\(scene.smaID)/reactivate", [], csrfFrom: "/people/\(scene.smaID)")
            #expect(back.status == .seeOther)
            #expect(try await Person.find(scene.smaID, on: app.db)?.active == true)
            #expect(try await scene.administered().isEmpty)
            #expect(try await scene.openHandovers().count == 2)
        }
    }

    /// Every St Cleopas person but the social media administrator, Lucy Fenwick.
    static let everyoneButLucy = """
        Legal Forename,Legal Surname,Work Email
        Helen,Ashworth,headteacher@stcleopas.example.org
        David,Okafor,dsl@stcleopas.example.org
        Priya,Shah,hr@stcleopas.example.org
        Margaret,Ellis,chair@stcleopas.example.org
        Tom,Brennan,governor@stcleopas.example.org
        Sarah,Whitfield,manager@stcleopas.example.org
        James,Pike,teacher@stcleopas.example.org
        Aisha,Rahman,ta@stcleopas.example.org
        Peter,Doyle,volunteer@stcleopas.example.org
        """

    @Test("Missing from a full staff import: taken off both accounts in the same import")
    func fullImport() async throws {
        try await withSteward { app, demo in
            let scene = try await Scene.make(app, demo)
            guard case .applied = try await ImportPeopleTests.run(app, Self.everyoneButLucy, full: true) else {
                Issue.record("The full import applies")
                return
            }
            #expect(try await Person.find(scene.smaID, on: app.db)?.active == false)
            let headID = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            #expect(try await Person.find(headID, on: app.db)?.active == true)
            try await scene.expectTakenOff("full import")
        }
    }

    @Test("Losing the social media administrator role does the same, though they stay on the staff")
    func roleTaken() async throws {
        try await withSteward { app, demo in
            let scene = try await Scene.make(app, demo)
            let fields: [(String, String)] = [
                ("forename", "Lucy"), ("surname", "Fenwick"), ("email", "socialmedia@stcleopas.example.org"),
                ("kind", "employee"), ("jobTitle", "Office manager"), ("roles[]", "staff"),
            ]
            let reply = try await scene.head.post(
                "/people/\(scene.smaID)", fields, csrfFrom: "/people/\(scene.smaID)/edit")
            #expect(reply.status == .seeOther)
            #expect(try await Person.find(scene.smaID, on: app.db)?.active == true)
            try await scene.expectTakenOff("role taken")
            let reason = try await scene.openHandovers().first?.reason ?? ""
            #expect(reason.contains("administrator"))

            // Given the role back, they still run nothing until named again.
            let again = try await scene.head.post(
                "/people/\(scene.smaID)", fields + [("roles[]", "social_media_admin")],
                csrfFrom: "/people/\(scene.smaID)/edit")
            #expect(again.status == .seeOther)
            #expect(try await scene.administered().isEmpty)
        }
    }

    @Test("Done closes one checklist item; when all are done the home page item goes; only the headteacher ticks")
    func done() async throws {
        try await withSteward { app, demo in
            let scene = try await Scene.make(app, demo)
            _ = try await scene.head.post("/people/\(scene.smaID)/deactivate", [], csrfFrom: "/people/\(scene.smaID)")
            let open = try await scene.openHandovers()
            try #require(open.count == 2)
            // One home item per account, naming the account and the person (the headteacher's checklist).
            let pattern = #"(Change the password of [^<]*, or remove Lucy Fenwick)"#
            let items = Reply.allMatches(pattern, in: try await scene.head.get("/").body)
            #expect(items.count == 2)

            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let first = try open[0].requireID()
            let refused = try await teacher.post("/accounts/handovers/\(first)/done", [], csrfFrom: "/")
            #expect([.forbidden, .notFound].contains(refused.status))
            #expect(!(try await teacher.get("/").body.contains("Change the password of")))
            #expect(try await scene.openHandovers().count == 2)

            let elsewhere = try await Browser.signedIn(app, as: demo.account("holy-trinity", "headteacher").email)
            let other = try await elsewhere.post("/accounts/handovers/\(first)/done", [], csrfFrom: "/")
            #expect([.forbidden, .notFound].contains(other.status))
            #expect(try await scene.openHandovers().count == 2)

            let closed = try await scene.head.post(
                "/accounts/handovers/\(first)/done", [("note", "Password changed")], csrfFrom: "/accounts")
            #expect(closed.status == .seeOther)
            #expect(try await scene.openHandovers().map(\.id) == [open[1].id])
            let page = try await scene.head.get("/accounts")
            #expect(!page.body.contains("/accounts/handovers/\(first)/done"))
            #expect(page.body.contains("/accounts/handovers/\(try open[1].requireID())/done"))
            let home = try await scene.head.get("/")
            #expect(Reply.allMatches(pattern, in: home.body).count == 1)

            _ = try await scene.head.post(
                "/accounts/handovers/\(try open[1].requireID())/done", [], csrfFrom: "/accounts")
            #expect(try await scene.openHandovers().isEmpty)
            let after = try await scene.head.get("/")
            #expect(!after.body.contains("Change the password of"))
            #expect(try await app.auditActions().filter { $0 == "account.handover_done" }.count == 2)
        }
    }

    @Test("Only a social media administrator can be named to run an account")
    func namingAdministrators() async throws {
        try await withSteward { app, demo in
            let scene = try await Scene.make(app, demo)
            let account = try #require(scene.accounts.first)
            let teacherID = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let refused = try await scene.head.post(
                "/accounts/\(account)/administrators", [("person", teacherID.uuidString)], csrfFrom: "/accounts")
            #expect(refused.status != .seeOther)
            #expect(refused.status.code < 500)
            #expect(
                try await AccountAdministrator.query(on: app.db).filter(\.$personID == teacherID).count() == 0)
            let northfieldSMA = try await app.personID(demo.account("northfield", "socialmedia").email)
            let stranger = try await scene.head.post(
                "/accounts/\(account)/administrators", [("person", northfieldSMA.uuidString)], csrfFrom: "/accounts")
            #expect(stranger.status != .seeOther)
            #expect(
                try await AccountAdministrator.query(on: app.db).filter(\.$personID == northfieldSMA).count() == 0)
        }
    }
}
