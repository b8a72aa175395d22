// The pupil roster: importing it whole, who may see it, and its import page (policy 4.4, 4.7).

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("The pupil roster")
struct RosterTests {
    static let roster = """
        UPN,Legal Forename,Preferred Forename,Legal Surname,Date of Birth,Year Group,Class,Photo In School,Photo On Website,Photo On Social Media,Name On Social Media
        R801200101001,Jack,,Smith,12/03/2016,4,Oak,yes,yes,yes,no
        ,Olivia,Liv,O'Neill-Brown,01/02/2016,4,Oak,yes,,,
        ,Zoë,,Łukasik,15/06/2017,3,Ash,yes,no,no,no
        """

    /// The demo school comes with a roster (issue 13); these tests start from none.
    static func emptyRoster(_ app: Application) async throws {
        try await RosterPupil.query(on: app.db).delete()
    }

    static func run(
        _ app: Application, _ text: String, full: Bool = false, dryRun: Bool = false
    ) async throws
        -> PeopleImport.Outcome
    {
        let school = try #require(try await School.query(on: app.db).filter(\.$slug == "st-cleopas").first())
        return try await PupilRosterImport.run(
            Array(text.utf8), school: school, dryRun: dryRun, fullImport: full, on: app.db,
            context: .command("test", app))
    }

    @Test("The roster imports whole, matches pupils again by UPN or name and birth date, and never half-imports")
    func importRoster() async throws {
        try await withSteward { app, _ in
            try await Self.emptyRoster(app)
            #expect(
                try await Self.run(app, Self.roster) == .applied("3 to add, 0 to change, 0 to remove, 0 unchanged."))
            #expect(
                try await Self.run(app, Self.roster) == .applied("0 to add, 0 to change, 0 to remove, 3 unchanged."))
            let changed = Self.roster.replacingOccurrences(
                of: "Zoë,,Łukasik,15/06/2017,3,Ash,yes,no,no,no", with: "Zoë,,Łukasik,15/06/2017,3,Ash,yes,yes,yes,yes")
            #expect(try await Self.run(app, changed) == .applied("0 to add, 1 to change, 0 to remove, 2 unchanged."))
            let withoutJack = Self.roster.components(separatedBy: "\n").filter { !$0.contains("Jack") }.joined(
                separator: "\n")
            #expect(
                try await Self.run(app, withoutJack, full: true)
                    == .applied("0 to add, 1 to change, 1 to remove, 1 unchanged."))
            #expect(try await app.count("pupils") == 2)
            let bad =
                Self.roster
                + "\nA801200101001,Bad,,Upn,01/01/2016,4,Oak,,,,\n,Dup,,Pupil,01/01/2016,4,Oak,,,,\n,Dup,,Pupil,01/01/2016,4,Oak,,,maybe\n"
            guard case .rejected(let lines) = try await Self.run(app, bad) else {
                Issue.record("A bad roster is refused")
                return
            }
            #expect(lines.count == 2)
            #expect(lines[0].contains("line 5") && lines[0].contains("not a valid UPN"))
            #expect(lines[1].contains("line 7"))
            #expect(try await app.count("pupils") == 2)
            // Every applied import is recorded, the one that changed nothing included (issue 10).
            #expect(try await app.auditActions().filter { $0 == "import.pupils" }.count == 4)
        }
    }

    @Test("Only the headteacher, safeguarding lead and social media administrators see the roster, of their own school")
    func rosterAccess() async throws {
        try await withSteward { app, demo in
            _ = try await Self.run(app, Self.roster)
            for local in ["headteacher", "dsl", "socialmedia"] {
                let browser = try await Browser.signedIn(app, as: demo.account("st-cleopas", local).email)
                let page = try await browser.get("/pupils")
                #expect(page.status == .ok, "\(local)")
                #expect(page.body.contains("Smith, Jack"))
                #expect(page.body.contains("O&#39;Neill-Brown, Liv") || page.body.contains("O'Neill-Brown, Liv"))
            }
            for local in ["teacher", "hr", "governor", "chair"] {
                let browser = try await Browser.signedIn(app, as: demo.account("st-cleopas", local).email)
                #expect(try await browser.get("/pupils").status == .forbidden, "\(local)")
            }
            let elsewhere = try await Browser.signedIn(app, as: demo.account("northfield", "headteacher").email)
            let page = try await elsewhere.get("/pupils")
            #expect(page.status == .ok)
            #expect(!page.body.contains("Smith, Jack"))
            #expect(try await app.auditActions().contains("roster.viewed"))
        }
    }
}

@Suite("The roster import page")
struct RosterImportPageTests {
    static func upload(_ browser: Browser, _ csv: String, csrf: String? = nil) async throws -> Reply {
        let token: String
        if let csrf { token = csrf } else { token = try await browser.get("/pupils/import").csrf ?? "" }
        return try await browser.postMultipart(
            "/pupils/import", csrf: token, files: [("file", "roster.csv", Array(csv.utf8))])
    }

    @Test(
        "The safeguarding lead uploads the roster, checks the plan and confirms; a staff import id does not work here")
    func uploadAndApply() async throws {
        try await withSteward { app, demo in
            try await RosterTests.emptyRoster(app)
            let dsl = try await Browser.signedIn(app, as: demo.account("st-cleopas", "dsl").email)
            let preview = try await Self.upload(dsl, RosterTests.roster)
            #expect(preview.status == .ok)
            #expect(preview.body.contains("3 to add"))
            #expect(preview.body.contains("Liv O&#39;Neill-Brown") || preview.body.contains("Liv O'Neill-Brown"))
            #expect(try await app.count("pupils") == 0)
            let importID = try #require(Reply.firstMatch(#"/pupils/import/([0-9A-F-]+)/apply"#, in: preview.body))
            #expect(
                try await dsl.post("/people/import/\(importID)/apply", [], csrfFrom: "/pupils").status == .notFound)
            let done = try await dsl.post("/pupils/import/\(importID)/apply", [], csrfFrom: "/pupils")
            #expect(done.status == .ok)
            #expect(done.body.contains("3 to add, 0 to change, 0 to remove, 0 unchanged."))
            #expect(try await app.count("pupils") == 3)
            #expect(try await app.count("pending_imports") == 0)
        }
    }

    @Test("A bad roster lists its rows; a social media administrator may see but not import")
    func refusals() async throws {
        try await withSteward { app, demo in
            try await RosterTests.emptyRoster(app)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let bad = try await Self.upload(head, "Legal Forename,Legal Surname\n,Smith\nJack,\n")
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("line 2: the forename is missing"))
            #expect(bad.body.contains("line 3: the surname is missing"))
            let sma = try await Browser.signedIn(app, as: demo.account("st-cleopas", "socialmedia").email)
            #expect(try await sma.get("/pupils").status == .ok)
            #expect(try await sma.get("/pupils/import").status == .forbidden)
            let csrf = try await sma.get("/").csrf
            #expect(try await Self.upload(sma, RosterTests.roster, csrf: csrf).status == .forbidden)
            #expect(try await app.count("pupils") == 0)
        }
    }
}
