// Importing staff from a CSV export into a school: all or nothing, audited, leavers signed out.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Importing people")
struct ImportPeopleTests {
    static let file = """
        Legal Forename,Legal Surname,Work Email,Staff Type,Job Title,Start Date,Leaving Date,Line Manager Email
        Nina,Cole,nina@stcleopas.example.org,Teacher,Year 2 teacher,01/09/2026,,new.manager@stcleopas.example.org
        Omar,Haddad,new.manager@stcleopas.example.org,Teacher,Phase leader,01/09/2026,,
        James,Pike,teacher@stcleopas.example.org,Teacher,Class teacher,01/09/2021,31/08/2026,manager@stcleopas.example.org
        Tom,Brennan,governor@stcleopas.example.org,Governor,Parent governor,01/09/2021,,
        """

    static func run(
        _ app: Application, _ text: String, dryRun: Bool = false, full: Bool = false, confirmed: Bool = false
    ) async throws
        -> PeopleImport.Outcome
    {
        try await PeopleImport.run(
            Array(text.utf8), schoolSlug: "st-cleopas", dryRun: dryRun, fullImport: full, confirmed: confirmed,
            on: app.db,
            context: .command("test", app), today: CalendarDate(year: 2026, month: 11, day: 25)!)
    }

    @Test(
        "A dry run writes nothing; the import adds, changes and deactivates in one audited step; again changes nothing")
    func importTwice() async throws {
        try await withSteward { app, demo in
            let people = try await app.count("people")
            let entries = try await app.count("audit_entries")
            guard case .planned(let plan) = try await Self.run(app, Self.file, dryRun: true) else {
                Issue.record("A dry run returns the plan")
                return
            }
            #expect(plan.contains("2 to add, 1 to change, 1 to deactivate, 1 unchanged."))
            #expect(try await app.count("people") == people)
            #expect(try await app.count("audit_entries") == entries)

            let teacher = demo.account("st-cleopas", "teacher")
            let session = try await Browser.signedIn(app, as: teacher.email)
            let token = try await app.apiToken(for: teacher.email)
            guard case .applied = try await Self.run(app, Self.file) else {
                Issue.record("The import applies")
                return
            }
            #expect(try await app.count("people") == people + 2)
            let nina = try #require(
                try await Person.query(on: app.db).filter(\.$email == "nina@stcleopas.example.org").first())
            let omar = try #require(
                try await Person.query(on: app.db).filter(\.$email == "new.manager@stcleopas.example.org").first())
            #expect(nina.$lineManager.id == omar.id)
            #expect(nina.startDate == "2026-09-01")
            // James has left: signed out, token revoked, roles removed.
            #expect(try await session.get("/").status == .seeOther)
            #expect(
                try await Browser(app).get("/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status
                    == .unauthorized)
            let james = try #require(try await Person.query(on: app.db).filter(\.$email == teacher.email).first())
            #expect(!james.active)
            #expect(try await RoleAssignment.query(on: app.db).filter(\.$person.$id == james.requireID()).count() == 0)
            let actions = try await app.auditActions()
            #expect(actions.last == "import.people")
            #expect(actions.filter { $0 == "person.created" }.count == 2)
            guard case .intact = try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing) else {
                Issue.record("The audit chain stays intact")
                return
            }

            let afterFirst = try await app.count("audit_entries")
            guard case .applied(let again) = try await Self.run(app, Self.file) else {
                Issue.record("A second import applies nothing")
                return
            }
            #expect(again.hasPrefix("0 to add, 0 to change, 0 to deactivate"))
            // Nothing changes, but the import is still recorded (issue 10): one entry, with nothing added.
            #expect(try await app.count("audit_entries") == afterFirst + 1)
            #expect(try await app.auditActions().last == "import.people")
        }
    }

    @Test("One bad row means nothing is imported, and every bad row is named")
    func allOrNothing() async throws {
        try await withSteward { app, _ in
            let people = try await app.count("people")
            let bad =
                Self.file
                + "\n,Nobody,nobody@stcleopas.example.org,Teacher,,,,\nAnn,Other,teacher@northfield.example.org,Teacher,,,,\n"
            guard case .rejected(let lines) = try await Self.run(app, bad) else {
                Issue.record("A bad file is rejected")
                return
            }
            // Every bad row at once, the address taken by another school among them.
            #expect(
                lines == [
                    "line 6: the name is missing",
                    "line 7: teacher@northfield.example.org already belongs to someone at another school",
                ])
            let elsewhere = Self.file + "\nAnn,Other,teacher@northfield.example.org,Teacher,,,,\n"
            guard case .rejected(let taken) = try await Self.run(app, elsewhere) else {
                Issue.record("Someone of another school is not moved")
                return
            }
            #expect(taken == ["line 6: teacher@northfield.example.org already belongs to someone at another school"])
            #expect(try await app.count("people") == people)
        }
    }

    @Test("A file without some columns leaves those details as they were")
    func partialColumns() async throws {
        try await withSteward { app, _ in
            let before = try #require(
                try await Person.query(on: app.db).filter(\.$email == "ta@stcleopas.example.org").first())
            let outcome = try await Self.run(
                app, "Forename,Surname,Email\nAisha,Rahman-Khan,ta@stcleopas.example.org\n")
            #expect(
                outcome
                    == .applied(
                        "0 to add, 1 to change, 0 to deactivate, 0 unchanged.\n  change ta@stcleopas.example.org: surname: Rahman → Rahman-Khan"
                    ))
            let after = try #require(
                try await Person.query(on: app.db).filter(\.$email == "ta@stcleopas.example.org").first())
            #expect(after.surname == "Rahman-Khan")
            #expect(after.$lineManager.id == before.$lineManager.id)
            #expect(after.$lineManager.id != nil)
            #expect(after.startDate == before.startDate)
            #expect(after.jobTitle == before.jobTitle)
        }
    }

    @Test("A full import deactivates active people missing from the file")
    func fullImport() async throws {
        try await withSteward { app, _ in
            // The file leaves out the only safeguarding lead and chair: refused until confirmed, then applied.
            guard case .needsConfirmation(let warned) = try await Self.run(app, Self.file, full: true) else {
                Issue.record("A full import that removes the only lead needs confirming")
                return
            }
            #expect(warned.contains("WARNING: deactivating") && warned.contains("no designated safeguarding lead"))
            #expect(
                try await Person.query(on: app.db).filter(\.$email == "dsl@stcleopas.example.org").first()?.active
                    == true)
            guard case .applied(let summary) = try await Self.run(app, Self.file, full: true, confirmed: true) else {
                Issue.record("The full import applies")
                return
            }
            #expect(summary.contains("deactivate dsl@stcleopas.example.org (not in the full staff import)"))
            let active = try await Person.query(on: app.db).filter(\.$active == true)
                .join(School.self, on: \Person.$school.$id == \School.$id).filter(School.self, \.$slug == "st-cleopas")
                .all()
            // The trust administrator's account sits at St Cleopas, but trust staff are the trust's to manage.
            #expect(
                Set(active.map(\.email)) == [
                    "nina@stcleopas.example.org", "new.manager@stcleopas.example.org", "governor@stcleopas.example.org",
                    "trust.admin@emmaus.example.org",
                ])
        }
    }
}

@Suite("The staff import page")
struct ImportPageTests {
    static func upload(_ browser: Browser, _ csv: String, full: Bool = false, csrf: String? = nil) async throws -> Reply
    {
        let token: String
        if let csrf { token = csrf } else { token = try await browser.get("/people/import").csrf ?? "" }
        return try await browser.postMultipart(
            "/people/import", csrf: token, fields: full ? [("full", "yes")] : [],
            files: [("file", "staff.csv", Array(csv.utf8))])
    }

    @Test("A headteacher uploads, sees the plan with nothing written, and confirms")
    func previewAndApply() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let people = try await app.count("people")
            let preview = try await Self.upload(head, ImportPeopleTests.file)
            #expect(preview.status == .ok)
            #expect(preview.body.contains("2 to add"))
            #expect(preview.body.contains("Nina Cole"))
            #expect(preview.body.contains("leaving date 31 August 2026 has passed"))
            #expect(try await app.count("people") == people)
            let importID = try #require(Reply.firstMatch(#"/people/import/([0-9A-F-]+)/apply"#, in: preview.body))
            // Nobody else can confirm it.
            let other = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            #expect(
                try await other.post("/people/import/\(importID)/apply", [], csrfFrom: "/people").status == .notFound)
            let plan = try #require(Reply.firstMatch(#"name="plan" value="([0-9a-f]{64})""#, in: preview.body))
            let done = try await head.post("/people/import/\(importID)/apply", [("plan", plan)], csrfFrom: "/people")
            #expect(done.status == .ok)
            #expect(done.body.contains("The import is complete"))
            #expect(try await app.count("people") == people + 2)
            #expect(try await app.count("pending_imports") == 0)
            #expect(
                try await head.post("/people/import/\(importID)/apply", [], csrfFrom: "/people").status == .notFound)
        }
    }

    @Test("A bad file lists every problem and stores nothing; a teacher cannot import")
    func badFile() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let reply = try await Self.upload(head, "Forename,Surname,Email\n,Nobody,x\nAnn,Lee,ann@x.example.org\n")
            #expect(reply.status == .badRequest)
            #expect(reply.body.contains("Nothing was imported"))
            #expect(reply.body.contains("line 2: the name is missing"))
            #expect(try await app.count("pending_imports") == 0)
            let empty = try await Self.upload(head, "")
            #expect(empty.status == .badRequest)
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let csrf = try await teacher.get("/").csrf
            #expect(try await Self.upload(teacher, ImportPeopleTests.file, csrf: csrf).status == .forbidden)
            #expect(try await teacher.get("/people/import").status == .forbidden)
        }
    }

    @Test("Cancelling discards the upload")
    func cancel() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let preview = try await Self.upload(head, ImportPeopleTests.file)
            let importID = try #require(Reply.firstMatch(#"/people/import/([0-9A-F-]+)/cancel"#, in: preview.body))
            #expect(
                try await head.post("/people/import/\(importID)/cancel", [], csrfFrom: "/people").status == .seeOther)
            #expect(try await app.count("pending_imports") == 0)
            #expect(try await app.auditActions().last == "import.people.cancelled")
        }
    }
}
