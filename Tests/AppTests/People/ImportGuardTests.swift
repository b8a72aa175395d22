// Issue 19, item 5: a full staff import that would deactivate the importer, the school's only headteacher, safeguarding
// lead or chair, or any governor or volunteer says so loudly, with roles beside names, and needs a second
// confirmation; governors and volunteers are left alone unless the file says who is what.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("The staff import guards what cannot be undone")
struct ImportGuardTests {
    static let header = "Legal Forename,Legal Surname,Work Email"
    static let everyone = [
        ("Helen", "Ashworth", "headteacher", "Teacher"), ("David", "Okafor", "dsl", "Teacher"),
        ("Priya", "Shah", "hr", "Support staff"), ("Margaret", "Hughes", "chair", "Governor"),
        ("Tom", "Brennan", "governor", "Governor"), ("Sarah", "Lewis", "manager", "Teacher"),
        ("James", "Pike", "teacher", "Teacher"), ("Aisha", "Rahman", "ta", "Teaching assistant"),
        ("Jo", "Marsh", "socialmedia", "Support staff"), ("Pat", "Green", "volunteer", "Volunteer"),
    ]

    /// A staff file listing the demo school's people except `leaving`, with or without a column saying who is what.
    static func file(without leaving: Set<String>, kinds: Bool) -> String {
        let rows = everyone.filter { !leaving.contains($0.2) }.map {
            "\($0.0),\($0.1),\($0.2)@stcleopas.example.org" + (kinds ? ",\($0.3)" : "")
        }
        return ([header + (kinds ? ",Staff Type" : "")] + rows).joined(separator: "\n") + "\n"
    }

    static func active(_ app: Application, _ local: String) async throws -> Bool {
        try await Person.query(on: app.db).filter(\.$email == "\(local)@stcleopas.example.org").first()?.active ?? false
    }

    /// The digest of the plan a page showed, which its confirmation sends back.
    static func plan(_ page: Reply) throws -> (String, String) {
        ("plan", try #require(Reply.firstMatch(#"name="plan" value="([0-9a-f]{64})""#, in: page.body)))
    }

    static func applyPath(_ preview: Reply) throws -> String {
        "/people/import/\(try #require(Reply.firstMatch(#"/people/import/([0-9A-F-]+)/apply"#, in: preview.body)))/apply"
    }

    @Test("Leaving out the only headteacher and lead warns, lists roles, and needs the box ticked")
    func onlyHolders() async throws {
        try await withSteward { app, demo in
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let preview = try await ImportPageTests.upload(
                admin, Self.file(without: ["headteacher", "dsl"], kinds: false), full: true)
            #expect(preview.status == .ok)
            #expect(preview.body.contains("Check before you import: 2 deactivations need a second look"))
            #expect(preview.body.contains("The school would have no headteacher"))
            #expect(preview.body.contains("The school would have no designated safeguarding lead"))
            // Roles beside names.
            #expect(
                preview.body.contains(
                    "(headteacher@stcleopas.example.org) – <strong>Headteacher, Line manager, Staff</strong>"))
            #expect(preview.body.contains("Headteacher"))
            // Without the box: refused, focus on the error, nothing written.
            let refused = try await admin.post(
                try Self.applyPath(preview), [try Self.plan(preview)], csrf: preview.csrf)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("Tick the box to confirm"))
            #expect(refused.body.contains(##"href="#understood""##))
            let (headThere, leadThere) = (try await Self.active(app, "headteacher"), try await Self.active(app, "dsl"))
            #expect(headThere && leadThere)
            // With it: done.
            let done = try await admin.post(
                try Self.applyPath(preview), [("understood", "yes"), try Self.plan(refused)], csrf: refused.csrf)
            #expect(done.status == .ok && done.body.contains("The import is complete"))
            let (headActive, leadActive) = (
                try await Self.active(app, "headteacher"), try await Self.active(app, "dsl")
            )
            #expect(!headActive && !leadActive)
        }
    }

    @Test("A second headteacher still in the file: leaving one out is not the school's only one")
    func notTheOnlyOne() async throws {
        try await withSteward { app, demo in
            let dsl = try #require(
                try await Person.query(on: app.db).filter(\.$email == "dsl@stcleopas.example.org").first())
            try await RoleAssignment(
                personID: try dsl.requireID(), trustID: dsl.trustID, schoolID: dsl.$school.id, role: .headteacher
            ).create(on: app.db)
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let preview = try await ImportPageTests.upload(
                admin, Self.file(without: ["headteacher"], kinds: false), full: true)
            #expect(preview.status == .ok)
            #expect(preview.body.contains("(headteacher@stcleopas.example.org)"))
            #expect(!preview.body.contains("The school would have no headteacher"))
            #expect(!preview.body.contains("Check before you import"))
            let done = try await admin.post(try Self.applyPath(preview), [try Self.plan(preview)], csrf: preview.csrf)
            #expect(done.status == .ok && done.body.contains("The import is complete"))
        }
    }

    @Test("Without a column saying who is what, governors and volunteers are left alone; with one, they warn")
    func governorsAndVolunteers() async throws {
        try await withSteward { app, demo in
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let leaving: Set<String> = ["chair", "governor", "volunteer"]
            let silent = try await ImportPageTests.upload(admin, Self.file(without: leaving, kinds: false), full: true)
            #expect(silent.body.contains("0 to deactivate"))
            #expect(!silent.body.contains("Check before you import"))
            _ = try await admin.post(try Self.applyPath(silent), [try Self.plan(silent)], csrf: silent.csrf)
            for local in leaving { #expect(try await Self.active(app, local), "\(local)") }

            let saying = try await ImportPageTests.upload(admin, Self.file(without: leaving, kinds: true), full: true)
            #expect(saying.body.contains("The school would have no chair of governors"))
            #expect(saying.body.contains("A governor: staff exports usually leave them out"))
            #expect(saying.body.contains("A volunteer: staff exports usually leave them out"))
            let refused = try await admin.post(try Self.applyPath(saying), [try Self.plan(saying)], csrf: saying.csrf)
            #expect(refused.status == .badRequest)
            for local in leaving { #expect(try await Self.active(app, local), "\(local)") }
        }
    }

    @Test("Importers cannot remove themselves unawares: the review names them; trust staff are never deactivated")
    func leavingOutYourself() async throws {
        try await withSteward { app, demo in
            // A headteacher's full import cannot deactivate the headteacher (a role only the trust changes).
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let preview = try await ImportPageTests.upload(
                head, Self.file(without: ["headteacher"], kinds: false), full: true)
            #expect(preview.body.contains("will stay active: only a trust administrator can deactivate them"))
            #expect(preview.body.contains("0 to deactivate"))
            // The trust administrator's account sits at St Cleopas, but no school's export lists trust staff.
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let theirs = try await ImportPageTests.upload(admin, Self.file(without: [], kinds: true), full: true)
            #expect(theirs.body.contains("0 to deactivate"))
            #expect(theirs.body.contains("will stay active: trust staff are managed by the trust"))
            // Whoever imports, their own deactivation is called out by name.
            let school = try await app.schoolID("st-cleopas")
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            var plan = StaffImportPlan()
            plan.deactivations = [.init(email: "teacher@stcleopas.example.org", reason: "not in the full staff import")]
            let mine = try await PeopleImport.review(plan, schoolID: school, importerID: teacher, on: app.db)
            #expect(mine.first?.alarms == ["This is you: you would be signed out and could not sign in again"])
            let someoneElses = try await PeopleImport.review(plan, schoolID: school, importerID: nil, on: app.db)
            #expect(someoneElses.first?.alarms == [])
        }
    }

    @Test("Nothing alarming: no warning and no box; the command line's dry run prints the warnings")
    func plainAndCommandLine() async throws {
        try await withSteward { app, demo in
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let preview = try await ImportPageTests.upload(admin, Self.file(without: ["ta"], kinds: false), full: true)
            #expect(preview.body.contains("1 to deactivate"))
            #expect(!preview.body.contains("Check before you import") && !preview.body.contains("id=\"understood\""))
            guard
                case .planned(let summary) = try await ImportPeopleTests.run(
                    app, Self.file(without: ["headteacher"], kinds: false), dryRun: true, full: true)
            else {
                Issue.record("the dry run plans")
                return
            }
            #expect(summary.contains("WARNING: deactivating Helen "))
            #expect(summary.contains(" <headteacher@stcleopas.example.org> (Headteacher, Line manager, Staff)"))
            #expect(summary.contains("The school would have no headteacher"))
            // At the command line as on the page: refused without --confirm-deactivations, nothing changed.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("staff-\(UUID()).csv")
            try Data(Self.file(without: ["headteacher"], kinds: false).utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let command = ImportPeopleCommand(school: "st-cleopas", file: file.path, dryRun: false, full: true)
            let failure = await ApplicationCommandTests.failure(command, in: app)
            #expect(failure?.code == 65 && failure?.message.contains("--confirm-deactivations") == true)
            #expect(try await Self.active(app, "headteacher"))
            var confirmed = command
            confirmed.confirmDeactivations = true
            try await confirmed.run(in: app)
            #expect(!(try await Self.active(app, "headteacher")))
        }
    }

    @Test("What is confirmed is what happens: a plan changed since the preview is shown again, not applied")
    func planChanged() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let preview = try await ImportPageTests.upload(head, Self.file(without: ["ta"], kinds: true), full: true)
            #expect(preview.body.contains("1 to deactivate"))
            // Someone joins after the preview: the full file would now deactivate them too.
            let ta = try #require(
                try await Person.query(on: app.db).filter(\.$email == "ta@stcleopas.example.org").first())
            try await Person(
                schoolID: ta.$school.id, trustID: ta.trustID, email: "new.lead@stcleopas.example.org", forename: "Zara",
                surname: "Newlead", kind: .employee
            ).create(on: app.db)
            let people = try await app.count("people")
            let stale = try await head.post(try Self.applyPath(preview), [try Self.plan(preview)], csrf: preview.csrf)
            #expect(stale.status == .conflict)
            #expect(stale.body.contains("people have changed since you checked the file."))
            #expect(stale.body.contains("2 to deactivate") && stale.body.contains("new.lead@stcleopas.example.org"))
            let (taActive, newActive) = (try await Self.active(app, "ta"), try await Self.active(app, "new.lead"))
            #expect(taActive && newActive)
            // No digest at all is no confirmation either.
            let none = try await head.post(try Self.applyPath(preview), [], csrf: stale.csrf)
            #expect(none.status == .conflict)
            // Confirming the plan now shown applies it.
            let done = try await head.post(try Self.applyPath(stale), [try Self.plan(stale)], csrf: stale.csrf)
            #expect(done.status == .ok && done.body.contains("The import is complete"))
            #expect(try await app.count("people") == people)
            let (taAfter, newAfter) = (try await Self.active(app, "ta"), try await Self.active(app, "new.lead"))
            #expect(!taAfter && !newAfter)
        }
    }
}
