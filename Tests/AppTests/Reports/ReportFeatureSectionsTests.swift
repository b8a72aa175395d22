// The sections the later features give the governors' report: official posts, declarations and privacy checks,
// each counted from records placed in a month of their own, with the expected figures taken from the issue.

import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Report sections of posts, declarations and privacy checks")
struct ReportFeatureSectionsTests {
    /// 10 March 2025, noon UTC, plus `hours`.
    static func march(_ hours: Double = 0) -> Date { Date(timeIntervalSince1970: 1_741_608_000 + hours * 3600) }

    static func march2025(_ app: Application, _ demo: Demo) async throws -> ReportContent {
        try await Features.report(
            try await ReportSectionsTests.scope(app, demo, from: "2025-03-01", to: "2025-03-31"), on: app.db)
    }

    static func cell(_ content: ReportContent, _ table: String, _ row: String, column: Int = 1) throws -> String {
        let rows = try ReportSectionsTests.table(content, table).rows
        let found = try #require(rows.first { $0[0] == row }, "\(table): no row \(row) in \(rows)")
        return found[column]
    }

    static func finding(_ category: FindingCategory, _ severity: Severity) -> Finding {
        Finding(category: category, kind: nil, severity: severity, start: 0, end: 1, text: "x", message: "m")
    }

    @Test("Posts: approved, over a blocking finding, returned, blocked, findings by kind and published; small hidden")
    func posts() async throws {
        try await withSteward { app, demo in
            let school = try await app.schoolID("st-cleopas")
            let author = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let approver = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            // (decision, override, findings, published): 6 plain approvals, all published; 5 over a blocking
            // pupil's name; 5 returned for offensive language (blocking); 2 returned with a warning on personal data.
            var plan: [(DraftReview.Decision, Bool, [Finding], Bool)] = []
            plan += Array(repeating: (.approved, false, [], true), count: 6)
            plan += Array(repeating: (.approved, true, [Self.finding(.pupilName, .block)], false), count: 5)
            plan += Array(repeating: (.returned, false, [Self.finding(.offensiveLanguage, .block)], false), count: 5)
            plan += Array(repeating: (.returned, false, [Self.finding(.personalData, .warn)], false), count: 2)
            // One decided on 1 April: outside the period.
            plan.append((.approved, false, [], true))
            for (index, (decision, override, findings, published)) in plan.enumerated() {
                let at = index == plan.count - 1 ? Self.march(22 * 24) : Self.march(Double(index))
                let draft = Draft(
                    schoolID: school, authorID: author, text: "Post \(index)", intendedOn: nil, digest: "d\(index)",
                    now: at)
                draft.state = published ? .published : decision == .approved ? .approved : .returned
                if published { draft.publishedAt = at.addingTimeInterval(60) }
                try await draft.create(on: app.db)
                try await DraftReview(
                    schoolID: school, draftID: try draft.requireID(), reviewerID: approver, decision: decision,
                    digest: "d\(index)", findings: findings, overrideReason: override ? "Consent checked" : "",
                    warningsAcknowledged: true, comments: "", expiresAt: nil, now: at
                ).create(on: app.db)
            }
            let content = try await Self.march2025(app, demo)
            #expect(try Self.cell(content, "posts-decisions", "Approved") == "6")
            #expect(
                try Self.cell(
                    content, "posts-decisions", "Approved over a finding that blocks (headteacher, with a reason)")
                    == "5")
            #expect(try Self.cell(content, "posts-decisions", "Returned with comments") == "7")
            #expect(try Self.cell(content, "posts-decisions", "All") == "18")
            #expect(try Self.cell(content, "posts-findings", "Any finding that blocks approval") == "10")
            #expect(try Self.cell(content, "posts-findings", "Pupil's name (4.7)") == "5")
            #expect(try Self.cell(content, "posts-findings", "Offensive language (4.5)") == "5")
            #expect(try Self.cell(content, "posts-findings", "Personal data (4.7)") == "fewer than 5")
            #expect(try Self.cell(content, "posts-findings", "Photo consent (4.4)") == "0")
            #expect(try Self.cell(content, "posts-findings", "Nothing found") == "6")
            #expect(
                try Self.cell(content, "posts-published", "Published in the period, and archived") == "6")
            // A month with two decisions: neither a count of 1 to 4 nor anything that gives one away.
            let april = try await Features.report(
                try await ReportSectionsTests.scope(app, demo, from: "2025-04-01", to: "2025-04-30"), on: app.db)
            let section = try #require(april.sections.first { $0.key == "posts" })
            for table in section.tables {
                for row in table.rows { #expect(!row.dropFirst().contains { ["1", "2", "3", "4"].contains($0) }) }
            }
            #expect(try Self.cell(april, "posts-decisions", "All") == "fewer than 5")
        }
    }

    @Test("Privacy checks in the period: done, contact recorded and help asked for; fewer than 5 where few")
    func selfChecks() async throws {
        try await withSteward { app, demo in
            let school = try await SelfCheckFixture.reset(app)
            let person = try await app.personID(demo.account("st-cleopas", "teacher").email)
            // Ten checks in March (two recorded contact, five asked for help) and one on 1 April.
            for index in 0..<11 {
                let help = index < 5
                let answers = [
                    SelfCheckAnswer(platform: "facebook", item: .mostPrivate, answer: help ? .help : .done)
                ]
                try await SelfCheck(
                    schoolID: school, personID: person, round: 9000 + index, termName: "Spring",
                    platforms: ["facebook"],
                    answers: answers, contacted: index == 1 || index == 6, note: "",
                    at: index == 10 ? Self.march(22 * 24) : Self.march(Double(index))
                ).create(on: app.db)
            }
            let content = try await Self.march2025(app, demo)
            #expect(try Self.cell(content, "selfchecks-said", "Checks done in the period") == "10")
            #expect(
                try Self.cell(content, "selfchecks-said", "Said a pupil or a pupil's family had contacted them (4.3)")
                    == "fewer than 5")
            #expect(try Self.cell(content, "selfchecks-said", "Asked for help with their settings") == "5")
            // Seven checks, five asking for help: showing both would say that two did not, so one is withheld.
            try await app.sql.delete(from: "self_checks").where("round", .greaterThanOrEqual, SQLBind(9007)).run()
            let seven = try await Self.march2025(app, demo)
            let said = try ReportSectionsTests.table(seven, "selfchecks-said").rows
            #expect(said[0][1] == "not shown" || said[2][1] == "not shown", "\(said)")
            // No term's check open on 31 March 2025 (the fixture's term is around today): said, not a table.
            let section = try #require(content.sections.first { $0.key == "selfchecks" })
            #expect(section.notes.contains { $0.contains("No term's check was open") })
            #expect(!section.tables.contains { $0.key == "selfchecks-coverage" })
            // Today, inside the fixture's term: the table of who has done it, by group.
            let today = Display.today
            let now = try await Features.report(
                try await ReportSectionsTests.scope(
                    app, demo, from: today.adding(days: -6).description, to: today.description), on: app.db)
            let coverage = try ReportSectionsTests.table(now, "selfchecks-coverage")
            #expect(coverage.columns == ["Group", "Asked", "Checked", "Share", "Not yet due", "Overdue"])
            #expect(coverage.rows.last?[0] == "Everyone")
        }
    }

    @Test("Declarations: by who the other person is and where each stands; none about a reader of the report")
    func declarations() async throws {
        try await withSteward { app, demo in
            let scene = try await DeclarationScene.make(app, demo)
            // Six between colleagues none of whom reads figures; one about the headteacher and one about a governor.
            let pairs = [
                ("teacher", "ta"), ("ta", "teacher"), ("dsl", "hr"), ("hr", "dsl"), ("manager", "ta"),
                ("socialmedia", "teacher"), ("teacher", "headteacher"),
            ]
            var ids: [UUID] = []
            for (from, about) in pairs { ids.append(try await scene.declareColleague(from, about: about)) }
            let aboutGovernor = try await scene.declare(
                try await scene.browser("ta"), party: "governor", pick: try await scene.id("governor"))
            #expect(aboutGovernor.status == .seeOther, "\(aboutGovernor.body.prefix(300))")
            ids.append(try #require(DeclarationScene.declarationID(aboutGovernor)))
            for (index, id) in ids.enumerated() {
                try await app.sql.update("declarations").set("created_at", to: SQLBind(Self.march(Double(index))))
                    .where("id", .equal, SQLBind(id)).run()
            }
            // One noted in March, then another outcome in April (after the period); one ended on 20 March.
            let reviewer = try await scene.id("headteacher")
            try await DeclarationOutcome(
                schoolID: scene.schoolID, declarationID: ids[0], kind: .noted, text: "", reviewOn: nil,
                recordedBy: reviewer, at: Self.march(48)
            ).create(on: app.db)
            try await DeclarationOutcome(
                schoolID: scene.schoolID, declarationID: ids[0], kind: .plan, text: "", reviewOn: nil,
                recordedBy: reviewer, at: Self.march(24 * 25)
            ).create(on: app.db)
            try await app.sql.update("declarations").set("closed_on", to: SQLBind("2025-03-20"))
                .where("id", .equal, SQLBind(ids[1])).run()
            let content = try await Self.march2025(app, demo)
            #expect(try Self.cell(content, "declarations-parties", "A colleague") == "6")
            #expect(try Self.cell(content, "declarations-parties", "A pupil on roll") == "0")
            #expect(try Self.cell(content, "declarations-parties", "All") == "6")
            #expect(try Self.cell(content, "declarations-review", "Waiting for review") == "fewer than 5")
            #expect(try Self.cell(content, "declarations-review", "Noted") == "fewer than 5")
            #expect(try Self.cell(content, "declarations-review", "A plan agreed") == "0")
            #expect(try Self.cell(content, "declarations-review", "The relationship has ended") == "fewer than 5")
            #expect(try Self.cell(content, "declarations-review", "All") == "6")
            // Every reader's page of figures counts the same open declarations: not the two about readers.
            var opens: Set<String> = []
            for local in ["headteacher", "chair", "governor"] {
                let page = try await scene.browser(local).get("/declarations/coverage")
                #expect(page.status == .ok, "\(local)")
                opens.insert(Reply.firstMatch(#"<dt>Open</dt><dd>(\d+)</dd>"#, in: page.body) ?? "none")
            }
            #expect(opens.count == 1, "\(opens)")
        }
    }
}
