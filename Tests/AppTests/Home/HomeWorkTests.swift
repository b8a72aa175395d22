// Issue 19, item 1: each person's home leads with what needs them now. Handlers see concerns not yet looked at and
// cases quiet for 14 days, by reference only; nobody else learns of them there. A line manager sees their own people
// who are overdue; governors see figures; a trust administrator sees every school side by side and can open each.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Home pages: each person's work first")
struct HomeWorkTests {
    /// A case put straight into the database, so that its age can be chosen.
    static func makeCase(
        _ app: Application, school: UUID, reporter: UUID, state: CaseState, reported daysAgo: Double,
        lastEntry lastDaysAgo: Double, aboutHeadteacher: Bool = false, subject: UUID? = nil, text: String
    ) async throws -> Case {
        let item = Case()
        item.schoolID = school
        item.reference = "C-2026-\(UUID().uuidString.prefix(13))"
        item.category = .other
        item.state = state
        item.whatHappened = text
        item.platform = "Email"
        item.involvedKind = aboutHeadteacher || subject != nil ? "colleague" : "unknown"
        item.involvedDescription = ""
        item.subjectPersonID = subject
        item.aboutHeadteacher = aboutHeadteacher
        item.reporterID = reporter
        item.createdAt = Date().addingTimeInterval(-daysAgo * 86_400)
        item.lastEntryAt = Date().addingTimeInterval(-lastDaysAgo * 86_400)
        try await item.create(on: app.db)
        return item
    }

    /// The "Waiting for you" panel of a home page.
    static func waiting(_ page: Reply) -> String {
        guard let start = page.body.range(of: "<h2>Waiting for you</h2>") else { return "" }
        let rest = page.body[start.upperBound...]
        return String(rest[..<(rest.range(of: "</div>")?.lowerBound ?? rest.endIndex)])
    }

    @Test("Handlers see new concerns and quiet cases by reference, most urgent first; nobody else sees them")
    func casesForHandlersOnly() async throws {
        try await withSteward { app, demo in
            let school = try await app.schoolID("st-cleopas")
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let head = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            let fresh = try await Self.makeCase(
                app, school: school, reporter: teacher, state: .new, reported: 0.01, lastEntry: 0.01,
                text: "fresh-secret-detail")
            let quiet = try await Self.makeCase(
                app, school: school, reporter: teacher, state: .investigation, reported: 40, lastEntry: 20,
                text: "quiet-secret-detail")
            // 13 days without an entry is not yet quiet; a closed case is never waiting.
            let recent = try await Self.makeCase(
                app, school: school, reporter: teacher, state: .investigation, reported: 40, lastEntry: 13,
                text: "recent-secret-detail")
            let closed = try await Self.makeCase(
                app, school: school, reporter: teacher, state: .closed, reported: 90, lastEntry: 60, text: "closed")
            let aboutHead = try await Self.makeCase(
                app, school: school, reporter: teacher, state: .new, reported: 6, lastEntry: 6, aboutHeadteacher: true,
                subject: head, text: "about-the-head")

            // HR, added to two of the cases, sees them in full but does not handle them: not their home's work.
            let hr = try await app.personID(demo.account("st-cleopas", "hr").email)
            for item in [fresh, quiet] {
                let member = CaseMember()
                member.caseID = try item.requireID()
                member.personID = hr
                member.addedBy = head
                member.addedAt = Date()
                try await member.create(on: app.db)
            }
            func home(_ local: String) async throws -> String {
                let browser = try await Browser.signedIn(app, as: demo.account("st-cleopas", local).email)
                return Self.waiting(try await browser.get("/"))
            }
            for handler in ["headteacher", "dsl"] {
                let work = try await home(handler)
                #expect(work.contains("Concern \(fresh.reference) has not been looked at yet"), "\(handler)")
                #expect(work.contains("Case \(quiet.reference) has had no entry for 20 days"), "\(handler)")
                #expect(!work.contains(recent.reference) && !work.contains(closed.reference), "\(handler)")
                #expect(!work.contains(aboutHead.reference), "\(handler)")
                #expect(!work.contains("secret-detail"), "\(handler)")
                // The quiet case is overdue, so it comes before the concern reported a moment ago.
                let quietAt = try #require(work.range(of: quiet.reference)).lowerBound
                let freshAt = try #require(work.range(of: fresh.reference)).lowerBound
                #expect(quietAt < freshAt, "\(handler)")
            }
            // The concern about the headteacher is the chair's, and overdue after a working day.
            let chair = try await home("chair")
            #expect(chair.contains("Concern \(aboutHead.reference) has not been looked at yet"))
            #expect(chair.contains("overdue"))
            #expect(!chair.contains(fresh.reference) && !chair.contains(quiet.reference))
            for other in ["teacher", "ta", "manager", "hr", "governor", "socialmedia"] {
                let work = try await home(other)
                for item in [fresh, quiet, recent, closed, aboutHead] {
                    #expect(!work.contains(item.reference), "\(other) sees \(item.reference)")
                }
            }
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let adminHome = try await admin.get("/")
            for item in [fresh, quiet, aboutHead] { #expect(!adminHome.body.contains(item.reference)) }
        }
    }

    @Test("A line manager sees their own people who are overdue, and only theirs")
    func lineManagersPeople() async throws {
        try await withSteward { app, demo in
            let manager = try await app.personID(demo.account("st-cleopas", "manager").email)
            let theirs = try await Person.query(on: app.db).filter(\.$lineManager.$id == manager)
                .filter(\.$active == true).all()
            let someone = try #require(theirs.first)
            // Nobody is overdue yet: nothing about them.
            let browser = try await Browser.signedIn(app, as: demo.account("st-cleopas", "manager").email)
            #expect(!Self.waiting(try await browser.get("/")).contains("has not yet acknowledged"))
            // A policy published 40 days ago with 14 days to read it: everyone who has not read it is overdue.
            let school = try await app.schoolID("st-cleopas")
            let headID = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            let bytes = Array("# Staff Code of Conduct\n\n## 1. Scope\n\n- 1.1 Staff take care online.\n".utf8)
            let policy = try await AuditLog.write(on: app.db, context: .command("test", app)) { db, audit in
                let (policy, version) = try await PolicyLibrary.importDraft(
                    bytes, schoolID: school, policyID: nil, createdBy: headID, on: db, audit: audit)
                try await PolicyLibrary.publish(
                    version, material: true, reason: nil, deadlineDays: 14, audience: Set(PersonKind.allCases),
                    by: headID, on: db, audit: audit, now: Date().addingTimeInterval(-40 * 86_400))
                return policy
            }
            let work = Self.waiting(try await browser.get("/"))
            #expect(work.contains("\(someone.forename) \(someone.surname) has not yet acknowledged \(policy.title)"))
            // Someone managed by another line manager is not on this manager's home.
            let others = try await Person.query(on: app.db).inSchool(try await app.schoolID("st-cleopas"))
                .filter(\.$active == true).all().filter { $0.$lineManager.id != manager && $0.id != manager }
            for other in others {
                #expect(!work.contains("\(other.forename) \(other.surname) has not yet acknowledged"))
            }
            // The headteacher sees the policy's overdue figure as work.
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let headWork = Self.waiting(try await head.get("/"))
            #expect(headWork.contains("\(policy.title): "))
            #expect(headWork.contains(" overdue, "))
            // The safeguarding lead sees the same numbers, without the names page; a teacher sees neither.
            let dsl = try await Browser.signedIn(app, as: demo.account("st-cleopas", "dsl").email)
            let dslWork = Self.waiting(try await dsl.get("/"))
            #expect(dslWork.contains("\(policy.title): ") && dslWork.contains(" overdue, "))
            #expect(!dslWork.contains("/coverage"))
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            #expect(!Self.waiting(try await teacher.get("/")).contains(" overdue, "))
        }
    }

    @Test("Governors see their school's figures and no work of others; nothing to do says so")
    func governorsFigures() async throws {
        try await withSteward { app, demo in
            let school = try await app.schoolID("st-cleopas")
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            for days in [1.0, 10, 45] {
                _ = try await Self.makeCase(
                    app, school: school, reporter: teacher, state: .triage, reported: days, lastEntry: 0.5,
                    text: "x")
            }
            let governorEmail = demo.account("st-cleopas", "governor").email
            let governorID = try await app.personID(governorEmail)
            // The governor has read the policy: nothing is waiting, and the page says so plainly.
            let policy = try #require(
                try await Policy.query(on: app.db).inSchool(school).filter(\.$currentVersionID != nil).first())
            let version = try #require(try await PolicyVersion.find(policy.currentVersionID, on: app.db))
            let person = try #require(try await Person.find(governorID, on: app.db))
            try await AuditLog.write(on: app.db, context: .command("test", app)) { db, audit in
                _ = try await PolicyLibrary.acknowledge(
                    version, person: person, method: "web", address: "192.0.2.1", userAgent: nil,
                    answers: version.questions.map { $0.answer }, on: db, audit: audit)
            }
            let governor = try await Browser.signedIn(app, as: governorEmail)
            let page = try await governor.get("/")
            #expect(Self.waiting(page).contains("Nothing needs you now."))
            #expect(page.body.contains("Your school in figures"))
            #expect(page.body.contains("Open concerns: 3"))
            #expect(page.body.contains("1 opened in the last 7 days, 1 open 8 to 30 days, 1 open over 30 days"))
            #expect(page.body.contains("Policies acknowledged: "))
            #expect(page.body.contains("Privacy checks this term: "))
            // A teacher sees no figures.
            let teacherPage = try await
                (try await Browser.signedIn(
                    app,
                    as: demo.account("st-cleopas", "teacher")
                        .email)).get("/")
            #expect(!teacherPage.body.contains("in figures") && !teacherPage.body.contains("Open concerns"))
        }
    }

    @Test("A trust administrator sees every school side by side and opens each from its row")
    func trustTable() async throws {
        try await withSteward { app, demo in
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let page = try await admin.get("/")
            #expect(page.body.contains("The trust's schools"))
            #expect(page.body.contains("St Cleopas C of E Primary School"))
            #expect(page.body.contains("Holy Trinity C of E Primary School"))
            // Another trust's school is not in the table.
            #expect(!page.body.contains("Northfield"))
            let holyTrinity = try await app.schoolID("holy-trinity")
            #expect(page.body.contains("Work in Holy Trinity C of E Primary School"))
            let moved = try await admin.post("/school", [("school", holyTrinity.uuidString)], csrf: page.csrf)
            #expect(moved.status == .seeOther)
            let after = try await admin.get("/")
            #expect(after.body.contains("Work in St Cleopas C of E Primary School"))
            #expect(!after.body.contains("Work in Holy Trinity C of E Primary School"))
        }
    }

    /// A trust administrator's table: each school's figures by column title, as "value — detail".
    static func trustRows(_ body: String) -> [String: [String: String]] {
        let titles = Reply.allMatches(#"<th scope="col">([^<]+)</th>"#, in: body).filter { $0 != "School" }
        var rows: [String: [String: String]] = [:]
        for row in Reply.allMatches(#"(?s)<tr>\s*<th scope="row">(.*?)</tr>"#, in: body) {
            let name = String(row.prefix { $0 != "<" })
            let cells = Reply.allMatches(
                #"(?s)<td><span class="[^"]*">([^<]*)</span><br>([^<]*)</td>"#, in: row, groups: 2)
            rows[name] = Dictionary(
                zip(titles, cells.map { "\($0[0]) — \($0[1])" }), uniquingKeysWith: { first, _ in first })
        }
        return rows
    }

    /// A school's own figures on its headteacher's home, by title, as "value — detail".
    static func schoolFigures(_ body: String) -> [String: String] {
        let items = Reply.allMatches(
            #"(?s)<li><a href="[^"]*">([^<:]+): ([^<]*)</a><span class="[^"]*">([^<]*)</span></li>"#, in: body,
            groups: 3)
        return Dictionary(items.map { ($0[0], "\($0[1]) — \($0[2])") }, uniquingKeysWith: { first, _ in first })
    }

    @Test("Each school's row in the trust's table shows the figures its own headteacher sees, not another school's")
    func trustRowsMatchEachSchool() async throws {
        try await withSteward { app, demo in
            // Holy Trinity's people all acknowledge its policy; St Cleopas's do not: the schools' figures differ.
            let holyTrinity = try await app.schoolID("holy-trinity")
            for person in try await Person.query(on: app.db).inSchool(holyTrinity).filter(\.$active == true).all() {
                for (policy, version, status) in try await PolicyLibrary.statuses(for: person, on: app.db)
                where status.isOutstanding {
                    try await AuditLog.write(on: app.db, context: .command("test", app)) { db, audit in
                        _ = try await PolicyLibrary.acknowledge(
                            version, person: person, method: "test", address: "192.0.2.1", userAgent: nil,
                            on: db, audit: audit)
                    }
                    _ = policy
                }
            }
            let table = Self.trustRows(try await Browser.signedIn(app, as: demo.trustAdmin.email).get("/").body)
            var compared = 0
            for (slug, name) in [
                ("st-cleopas", "St Cleopas C of E Primary School"),
                ("holy-trinity", "Holy Trinity C of E Primary School"),
            ] {
                let own = Self.schoolFigures(
                    try await Browser.signedIn(app, as: demo.account(slug, "headteacher").email).get("/").body)
                let row = try #require(table[name])
                for title in ["Policies acknowledged", "Privacy checks this term", "Declarations confirmed this year"] {
                    #expect(row[title] != nil && row[title] == own[title], "\(name): \(title)")
                    compared += 1
                }
            }
            #expect(compared == 6)
            #expect(
                table["St Cleopas C of E Primary School"]?["Policies acknowledged"]
                    != table["Holy Trinity C of E Primary School"]?["Policies acknowledged"])
        }
    }

    @Test("Mail that could not be delivered is on the headteacher's home, counted over the mail they may see")
    func failingMail() async throws {
        try await withSteward { app, demo in
            let school = try await app.schoolID("st-cleopas")
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let head = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            let aboutHead = try await Self.makeCase(
                app, school: school, reporter: teacher, state: .triage, reported: 1, lastEntry: 1,
                aboutHeadteacher: true, subject: head, text: "x")
            let browser = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            #expect(!Self.waiting(try await browser.get("/")).contains("could not be delivered"))
            // Mail about the case on the headteacher is not theirs to see, even as a count.
            try await Outbox.enqueue(
                on: app.db, schoolID: school, caseID: try aboutHead.requireID(), kind: "case",
                to: "chair@stcleopas.example.org", subject: "Case", body: "x")
            try await OutboxMessage.query(on: app.db).set(\.$lastError, to: "550 mailbox unavailable").update()
            #expect(!Self.waiting(try await browser.get("/")).contains("could not be delivered"))
            for n in 1...2 {
                try await Outbox.enqueue(
                    on: app.db, schoolID: school, kind: "test", to: "nobody\(n)@example.org", subject: "Hello",
                    body: "x")
            }
            try await OutboxMessage.query(on: app.db).set(\.$lastError, to: "550 mailbox unavailable").update()
            let work = Self.waiting(try await browser.get("/"))
            #expect(work.contains("2 messages could not be delivered"))
            #expect(work.contains("href=\"/outbox\""))
            // A teacher, who cannot see mail, is not told.
            let teacherHome = try await
                (try await Browser.signedIn(
                    app,
                    as: demo.account("st-cleopas", "teacher")
                        .email)).get("/")
            #expect(!teacherHome.body.contains("could not be delivered"))
        }
    }
}
