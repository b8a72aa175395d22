// Who sees a declaration (issue 14, policy 1.5): the declarer, the reviewer, the headteacher and HR; the
// safeguarding lead only once it is passed to them; never the other party, whatever their role; nobody else. Walked
// through every way in: the page, the list, the home page, the API, and every other page a person can open.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Declarations: who sees them")
struct DeclarationVisibilityTests {
    /// Everyone at St Cleopas by demo name, plus the trust administrator and other schools' headteachers.
    static let stCleopas = [
        "headteacher", "dsl", "hr", "chair", "governor", "manager", "teacher", "ta", "socialmedia", "volunteer",
    ]

    /// Whether `viewer` sees the declaration: page and API both answer, and nobody else gets more than 404.
    static func sees(_ scene: DeclarationScene, _ browser: Browser, _ token: String, _ id: UUID) async throws -> Bool {
        let page = try await browser.get("/declarations/\(id)")
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: token)
        let api = try await browser.get("/api/v1/declarations/\(id)", headers: headers)
        #expect(page.status == .ok || page.status == .notFound, "page \(page.status)")
        #expect((page.status == .ok) == (api.status == .ok), "page \(page.status), API \(api.status)")
        return page.status == .ok
    }

    @Test(
        "A declaration about a colleague: declarer, line manager, headteacher, HR; DSL once passed; never the colleague"
    )
    func colleague() async throws {
        try await withSteward { app, demo in
            let scene = try await DeclarationScene.make(app, demo)
            // The safeguarding lead is also a line manager, of someone else: that gives no sight of it.
            let dsl = try #require(try await Person.find(try await scene.id("dsl"), on: app.db))
            let volunteer = try #require(try await Person.find(try await scene.id("volunteer"), on: app.db))
            volunteer.$lineManager.id = dsl.id
            try await volunteer.update(on: app.db)
            let id = try await scene.declareColleague("ta", about: "socialmedia")
            let partyName = try #require(try await Person.find(try await scene.id("socialmedia"), on: app.db)).fullName
            let stored = try await scene.declaration(id)
            let manager = try await scene.id("manager")
            #expect(stored.reviewerKind == "line_manager" && stored.reviewerID == manager)
            var expected: Set<String> = ["ta", "manager", "headteacher", "hr"]
            try await Self.walk(scene, id, expected: expected, partyName: partyName)
            // Passed to the safeguarding lead: from now on they see it too; still never the colleague.
            let passed = try await scene.recordOutcome(
                "manager", id, outcome: "passed_to_safeguarding", text: "Please look at this with me.")
            #expect(passed.status == .seeOther)
            expected.insert("dsl")
            try await Self.walk(scene, id, expected: expected, partyName: partyName)
        }
    }

    @Test("The other party never sees it, even as HR; a headteacher who is the other party is replaced by the chair")
    func otherPartyWithRoles() async throws {
        try await withSteward { app, demo in
            let scene = try await DeclarationScene.make(app, demo)
            let aboutHR = try await scene.declareColleague("teacher", about: "hr")
            try await Self.walk(
                scene, aboutHR, expected: ["teacher", "manager", "headteacher"],
                partyName: try #require(try await Person.find(try await scene.id("hr"), on: app.db)).fullName)
            // About the headteacher: the chair of governors reviews it; the headteacher may not see it, nor the mail
            // that told the chair, nor the audit entries about it.
            let head = try await scene.browser("headteacher")
            let subject = "A declaration for you to review"
            let mailBefore = try await head.get("/outbox?show=all").body.components(separatedBy: subject).count
            let auditBefore = try await head.get("/audit").body.components(separatedBy: "declaration.made").count
            func figures() async throws -> String {
                let page = try await head.get("/declarations/coverage").body
                return Reply.allMatches(#"<dd>(\d+)</dd>"#, in: page).joined(separator: ",")
            }
            let figuresBefore = try await figures()
            let aboutHead = try await scene.declareColleague("teacher", about: "headteacher")
            // The figures the headteacher sees do not move: they would tell her a declaration names her.
            #expect(try await figures() == figuresBefore)
            #expect(try await head.get("/outbox?show=all").body.components(separatedBy: subject).count == mailBefore)
            let chairMail = try await OutboxMessage.query(on: app.db).filter(\.$subject == subject)
                .filter(\.$recipient == scene.email("chair")).count()
            #expect(chairMail == 1, "the chair was told")
            // Only the entry of the search (none here) could appear: nothing about the declaration itself.
            let audit = try await head.get("/audit").body
            #expect(audit.components(separatedBy: "declaration.made").count == auditBefore)
            #expect(!audit.contains(aboutHead.uuidString))
            #expect(try await scene.declaration(aboutHead).reviewerKind == "chair_of_governors")
            try await Self.walk(
                scene, aboutHead, expected: ["teacher", "chair", "hr"],
                partyName: try #require(try await Person.find(try await scene.id("headteacher"), on: app.db)).fullName)
            // By the headteacher: the chair reviews it.
            let byHead = try await scene.declareColleague("headteacher", about: "teacher")
            #expect(try await scene.declaration(byHead).reviewerKind == "chair_of_governors")
            try await Self.walk(
                scene, byHead, expected: ["headteacher", "chair", "hr"],
                partyName: try #require(try await Person.find(try await scene.id("teacher"), on: app.db)).fullName)
            // About one's own line manager: the headteacher reviews it, and the line manager never sees it.
            let aboutManager = try await scene.declareColleague("ta", about: "manager")
            #expect(try await scene.declaration(aboutManager).reviewerKind == "headteacher")
            try await Self.walk(
                scene, aboutManager, expected: ["ta", "headteacher", "hr"],
                partyName: try #require(try await Person.find(try await scene.id("manager"), on: app.db)).fullName)
        }
    }

    @Test("The headteacher's declaration about the chair goes to the trust; passing on to someone it names is refused")
    func nobodyInSchool() async throws {
        try await withSteward { app, demo in
            let scene = try await DeclarationScene.make(app, demo)
            let reply = try await scene.declare(
                try await scene.browser("headteacher"), party: "governor", pick: try await scene.id("chair"),
                nature: "family")
            let id = try #require(DeclarationScene.declarationID(reply), "\(reply.status)")
            #expect(try await scene.declaration(id).reviewerKind == "trust_admin")
            try await Self.walk(
                scene, id, expected: ["headteacher", "hr", "trust admin"],
                partyName: try #require(try await Person.find(try await scene.id("chair"), on: app.db)).fullName)
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let recorded = try await admin.post(
                "/declarations/\(id)/outcome", [("outcome", "noted")], csrfFrom: "/declarations/\(id)")
            #expect(recorded.status == .seeOther)
            // The TA declares about the safeguarding lead; her line manager may not pass it to the safeguarding lead.
            let aboutDSL = try await scene.declareColleague("ta", about: "dsl")
            let before = try await scene.counts()
            let passed = try await scene.recordOutcome("manager", aboutDSL, outcome: "passed_to_safeguarding")
            #expect(passed.status == .badRequest && passed.body.contains("Nobody else holds"))
            #expect(try await scene.counts() == before)
        }
    }

    /// Every St Cleopas person, the trust administrator and other schools' headteachers: exactly `expected` see
    /// the declaration; for everyone else the party's name appears on none of the pages they can open about
    /// declarations, and the API list does not include it. Reads by anyone but the declarer are audited.
    static func walk(_ scene: DeclarationScene, _ id: UUID, expected: Set<String>, partyName: String) async throws {
        let app = scene.app
        var viewers: [(String, String)] = stCleopas.map { ($0, scene.email($0)) }
        viewers.append(("trust admin", scene.demo.trustAdmin.email))
        viewers.append(("holy-trinity headteacher", scene.demo.account("holy-trinity", "headteacher").email))
        viewers.append(("northfield headteacher", scene.demo.account("northfield", "headteacher").email))
        let declarer = try await scene.declaration(id).declarerID
        for (label, email) in viewers {
            let browser = try await Browser.signedIn(app, as: email)
            let token = try await app.apiToken(for: email)
            let viewedBefore = try await app.count("audit_entries", where: "action", "declaration.viewed")
            let sees = try await sees(scene, browser, token, id)
            #expect(sees == expected.contains(label), "\(label) sees \(id): \(sees)")
            let viewedAfter = try await app.count("audit_entries", where: "action", "declaration.viewed")
            let isDeclarer = try await app.personID(email) == declarer
            // Every read by someone other than the declarer is audited; a refused one reads nothing.
            #expect(viewedAfter - viewedBefore == (sees && !isDeclarer ? 2 : 0), "\(label): audit of reads")
            guard !sees else { continue }
            for path in ["/declarations", "/", "/declarations/coverage", "/self-checks", "/audit", "/outbox?show=all"] {
                let page = try await browser.get(path)
                // The party's name appears elsewhere (the people they are); as a declared party, never.
                #expect(!page.body.contains("Colleague: \(partyName)"), "\(label) reads \(partyName) on \(path)")
                #expect(!page.body.contains(id.uuidString), "\(label) finds the declaration's id on \(path)")
            }
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: token)
            let list = try await browser.get("/api/v1/declarations", headers: headers)
            #expect(!list.body.contains(id.uuidString), "\(label): API list")
        }
    }

    @Test("A search for a colleague to declare leaves the headteacher no letters or count to work out who it found")
    func colleagueSearchLeavesNoTrace() async throws {
        try await withSteward { app, demo in
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let head = try #require(
                try await Person.find(
                    try await app.personID(demo.account("st-cleopas", "headteacher").email), on: app.db))
            let found = try await teacher.post(
                "/declarations", [("party", "colleague"), ("surname", head.surname), ("find", "1")],
                csrfFrom: "/declarations/new")
            #expect(found.status == .ok && found.body.contains(head.fullName))
            let entry = try #require(
                try await AuditEntry.query(on: app.db).filter(\.$action == "declaration.people_searched").first())
            #expect(entry.details == "{}")
            let log = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
                .get("/audit?action=declaration.people").body
            #expect(log.contains("Declaration people searched"))
            #expect(!log.contains("letters") && !log.contains("found:"))
        }
    }

    @Test("Mail about a declaration goes only to its reviewer and declarer, and never names the other person")
    func mail() async throws {
        try await withSteward { app, demo in
            let scene = try await DeclarationScene.make(app, demo)
            let before = Set(try await OutboxMessage.query(on: app.db).all().compactMap(\.id))
            let id = try await scene.declareColleague("ta", about: "socialmedia")
            _ = try await scene.recordOutcome("manager", id, outcome: "passed_to_safeguarding", text: "Over to you.")
            let party = try #require(try await Person.find(try await scene.id("socialmedia"), on: app.db))
            let mails = try await OutboxMessage.query(on: app.db).all().filter { !before.contains($0.id ?? UUID()) }
            let recipients = Set(mails.map(\.recipient))
            #expect(recipients == [scene.email("manager"), scene.email("ta"), scene.email("dsl")], "\(recipients)")
            for mail in mails {
                #expect(!mail.body.contains(party.surname) && !mail.subject.contains(party.surname))
                #expect(!mail.body.contains("Friend") && !mail.body.lowercased().contains("friend"))
            }
        }
    }
}
