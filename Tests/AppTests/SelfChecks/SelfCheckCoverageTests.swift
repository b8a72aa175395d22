// Coverage of this term's check (issue 14, item 6): figures by group against counts worked out by hand from the
// demo school's staff; names and line managers for the headteacher; figures only for governors; never answers.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Privacy self-check: coverage")
struct SelfCheckCoverageTests {
    /// A table row's cells, in order, from the row whose first cell is `group`.
    static func row(_ body: String, _ group: String) -> [String] {
        guard
            let start = body.range(of: "<th scope=\"row\">\(group)</th>")
                ?? body.range(of: "<th scope=\"row\"><strong>\(group)</strong></th>")
        else { return [] }
        let rest = body[start.upperBound...]
        let line = rest.prefix { $0 != "\n" }
        return Reply.allMatches(#"<td>(?:<strong>)?([0-9]+%?)"#, in: String(line))
    }

    @Test("Figures by group as counted by hand; the headteacher sees who is outstanding, governors only figures")
    func figuresAndNames() async throws {
        try await withSteward { app, demo in
            // St Cleopas's staff who are asked: employees headteacher, DSL, HR, manager, teacher, TA, social media
            // administrator (7); the reading volunteer (1). The chair and the governor are not asked.
            try await SelfCheckFixture.reset(app)
            let round = SelfCheckFixture.round()
            try await SelfCheckFixture.insert(app, demo, "teacher", round: round, contacted: true, help: true)
            try await SelfCheckFixture.insert(app, demo, "volunteer", round: round)
            try await SelfCheckFixture.insert(app, demo, "dsl", round: round - 200)  // an earlier term's: not this one
            // The term began 30 days ago with 21 days to complete: everyone outstanding is 9 days overdue.
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get("/self-checks/coverage")
            #expect(page.status == .ok)
            #expect(Self.row(page.body, "Employees") == ["7", "1", "0", "6", "14%"])
            #expect(Self.row(page.body, "Volunteers") == ["1", "1", "0", "0", "100%"])
            #expect(Self.row(page.body, "Everyone") == ["8", "2", "0", "6", "25%"])
            #expect(!page.body.contains("Governors</th>"))
            #expect(page.body.contains("Requests for help still open: <strong>1</strong>"))
            #expect(page.body.contains("Contact from a pupil or family, as said in the check: <strong>1</strong>"))
            let ta = try #require(
                try await Person.query(on: app.db).filter(\.$email == demo.account("st-cleopas", "ta").email).first())
            let manager = try #require(
                try await Person.query(on: app.db).filter(\.$email == demo.account("st-cleopas", "manager").email)
                    .first())
            #expect(page.body.contains("\(ta.surname), \(ta.forename)"))
            #expect(page.body.contains(manager.fullName))
            #expect(page.body.contains("Overdue by 9 days"))
            let teacher = try #require(
                try await Person.query(on: app.db).filter(\.$email == demo.account("st-cleopas", "teacher").email)
                    .first())
            #expect(!page.body.contains("\(teacher.surname), \(teacher.forename)"))
            // Governors: the same figures, no names, no answers.
            for local in ["governor", "chair"] {
                let governor = try await Browser.signedIn(app, as: demo.account("st-cleopas", local).email)
                let theirs = try await governor.get("/self-checks/coverage")
                #expect(theirs.status == .ok)
                #expect(Self.row(theirs.body, "Everyone") == ["8", "2", "0", "6", "25%"])
                #expect(!theirs.body.contains(ta.surname), "\(local) sees an outstanding name")
                #expect(!theirs.body.contains(manager.surname), "\(local) sees a line manager")
                #expect(!theirs.body.contains("I need help"))
            }
            // The API gives the headteacher the same figures.
            let token = try await app.apiToken(for: demo.account("st-cleopas", "headteacher").email)
            let api = try await Browser(app).get(
                "/api/v1/self-checks?scope=school", headers: ["Authorization": "Bearer \(token)"])
            #expect(api.status == .ok)
            struct Answer: Decodable {
                struct School: Decodable {
                    struct Figures: Decodable { var asked: Int; var done: Int; var overdue: Int }
                    var total: Figures
                    var openHelpRequests: Int
                    var contactsThisTerm: Int
                }
                var school: School?
            }
            let figures = try #require(try api.json(Answer.self).school)
            #expect(figures.total.asked == 8)
            #expect(figures.total.done == 2)
            #expect(figures.total.overdue == 6)
            #expect(figures.openHelpRequests == 1)
            #expect(figures.contactsThisTerm == 1)
            // A member of staff may not ask for the school's figures.
            let taToken = try await app.apiToken(for: demo.account("st-cleopas", "ta").email)
            let refused = try await Browser(app).get(
                "/api/v1/self-checks?scope=school", headers: ["Authorization": "Bearer \(taToken)"])
            #expect(refused.status == .forbidden)
            // Governors and the chair get the same figures over the API as on the page, and no one's checks.
            for local in ["governor", "chair"] {
                let governorToken = try await app.apiToken(for: demo.account("st-cleopas", local).email)
                let theirs = try await Browser(app).get(
                    "/api/v1/self-checks?scope=school", headers: ["Authorization": "Bearer \(governorToken)"])
                #expect(theirs.status == .ok, "\(local): \(theirs.status)")
                let school = try #require(try theirs.json(Answer.self).school)
                #expect(school.total.asked == 8 && school.total.done == 2, "\(local)")
                #expect(!theirs.body.contains(ta.surname))
            }
        }
    }

    @Test("The demo school shows the check working: some done, one asking for help, the rest to do")
    func demoSeeded() async throws {
        try await withSteward { app, demo in
            let schoolID = try await app.schoolID("st-cleopas")
            let settings = try await SelfCheckSettings.of(schoolID, on: app.db)
            #expect(settings.termList.map(\.name) == ["Autumn 2026", "Spring 2027", "Summer 2027"])
            #expect(settings.deadlineDays == 21)
            #expect(try await SelfCheck.query(on: app.db).filter(\.$schoolID == schoolID).count() >= 3)
            let open = try await SelfCheckHelp.query(on: app.db).filter(\.$schoolID == schoolID)
                .filter(\.$closedAt == nil).all()
            #expect(open.count == 1)
            #expect(open.first?.leadID == (try await app.personID(demo.account("st-cleopas", "dsl").email)))
            // Another school has no terms, so nothing is open there.
            let other = try await SelfCheckSettings.of(try await app.schoolID("holy-trinity"), on: app.db)
            #expect(other.termList.isEmpty)
        }
    }
}
