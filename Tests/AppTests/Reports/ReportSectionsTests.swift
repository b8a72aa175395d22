// The figures each feature gives the governors' report: counted from the records, then shown under the small-number
// rule, never a count from 1 to 4.

import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Report sections")
struct ReportSectionsTests {
    static func scope(
        _ app: Application, _ demo: Demo, from: String, to: String
    ) async throws -> ReportScope {
        let schoolID = try await app.schoolID("st-cleopas")
        return ReportScope(
            schoolID: schoolID, from: try #require(CalendarDate(parsing: from)),
            to: try #require(CalendarDate(parsing: to)),
            today: Display.today, clock: .london)
    }

    static func table(_ content: ReportContent, _ key: String) throws -> ReportContent.Table {
        try #require(content.sections.flatMap(\.tables).first { $0.key == key }, "no table \(key)")
    }

    @Test("Three concerns in a month: fewer than 5 in every table about them, and no cell says 1, 2, 3 or 4")
    func threeConcerns() async throws {
        try await withSteward { app, demo in
            var ids: [UUID] = []
            for _ in 0..<3 { ids.append(try await app.reportPlainConcern(demo)) }
            // Moved to a month of their own, so that only they are counted.
            for (index, id) in ids.enumerated() {
                try await app.sql.update("cases").set(
                    "created_at", to: SQLBind(Date(timeIntervalSince1970: 1_741_600_000 + Double(index) * 3600))
                )
                .where("id", .equal, SQLBind(id)).run()
            }
            let content = try await Features.report(
                try await Self.scope(app, demo, from: "2025-03-01", to: "2025-03-31"), on: app.db)
            let kinds = try Self.table(content, "concerns-kinds")
            #expect(kinds.rows.first { $0[0] == "Other" }?[1] == "fewer than 5")
            #expect(kinds.rows.first { $0[0] == "All" }?[1] == "fewer than 5")
            #expect(kinds.rows.filter { $0[0] != "Other" && $0[0] != "All" }.allSatisfy { $0[1] == "0" })
            let stages = try Self.table(content, "concerns-stages")
            #expect(stages.rows.first { $0[0] == CaseState.new.title }?[1] == "fewer than 5")
            let concerns = try #require(content.sections.first { $0.key == "concerns" })
            for table in concerns.tables {
                for row in table.rows {
                    for cell in row.dropFirst() {
                        #expect(!["1", "2", "3", "4"].contains(cell), "\(table.key): \(row)")
                    }
                }
            }
            #expect(concerns.notes.contains { $0.contains("not shown") })
            #expect(content.fewerThanFiveAny)
            // A month with none: zeros, shown as zeros.
            let empty = try await Features.report(
                try await Self.scope(app, demo, from: "2025-05-01", to: "2025-05-31"), on: app.db)
            #expect(try Self.table(empty, "concerns-kinds").rows.allSatisfy { $0[1] == "0" })
        }
    }

    @Test("Every reader of figures counts the same concerns, on every page and in the report; none about a reader")
    func sameForEveryReader() async throws {
        try await withSteward { app, demo in
            let readers = [
                ("headteacher", demo.account("st-cleopas", "headteacher")),
                ("chair", demo.account("st-cleopas", "chair")), ("governor", demo.account("st-cleopas", "governor")),
                ("trust administrator", demo.trustAdmin),
            ]
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let school = try await app.schoolID("st-cleopas")
            // About the headteacher; about each reader; about a teacher; about nobody (five of those).
            var about: [(UUID?, Bool)] = [(nil, true)]
            for (_, account) in readers.dropFirst() { about.append((try await app.personID(account.email), false)) }
            about.append((try await app.personID(readers[0].1.email), false))
            about.append((teacher, false))
            about += Array(repeating: (nil, false), count: 4)
            for (index, (subject, aboutHead)) in about.enumerated() {
                let id = try await app.reportPlainConcern(demo)
                try await app.sql.update("cases")
                    .set("created_at", to: SQLBind(Date(timeIntervalSince1970: 1_741_600_000 + Double(index) * 3600)))
                    .set("subject_person_id", to: SQLBind(subject)).set("about_headteacher", to: SQLBind(aboutHead))
                    .where("id", .equal, SQLBind(id)).run()
            }
            // From the issue: a concern about anyone who reads figures, or about the headteacher, is counted for none.
            let expected = 5
            let content = try await Features.report(
                try await Self.scope(app, demo, from: "2025-03-01", to: "2025-03-31"), on: app.db)
            #expect(try Self.table(content, "concerns-kinds").rows.first { $0[0] == "All" }?[1] == String(expected))
            var homes: Set<String> = []
            for (name, account) in readers {
                let browser = try await Browser.signedIn(app, as: account.email)
                let page = try await browser.get("/concerns/figures?from=2025-03-01&to=2025-03-31")
                #expect(page.body.contains(#"data-total="\#(expected)""#), "\(name)")
                let csv = try await browser.get("/concerns/figures.csv?from=2025-03-01&to=2025-03-31")
                #expect(
                    csv.body.contains(
                        "All kinds,\(String(repeating: ",", count: CaseState.allCases.count))\(expected)"), "\(name)")
                // The home page's figure, as the home page asks for it.
                let person = try #require(try await Person.find(try await app.personID(account.email), on: app.db))
                let actor = try await ActorLoader.load(person: person, currentSchoolID: school, on: app.db)
                let figures = try await ConcernsFeature().figures(for: actor, schoolID: school, on: app.db)
                homes.insert(try #require(figures.first?.value, "\(name)"))
            }
            // The home page's open count is the same for each of them.
            #expect(homes.count == 1, "\(homes)")
        }
    }

    @Test("Policies: each group asked, acknowledged, share, due and overdue; a share only beside shown counts")
    func policies() async throws {
        try await withSteward { app, demo in
            let today = Display.today
            let content = try await Features.report(
                try await Self.scope(app, demo, from: today.adding(days: -30).description, to: today.description),
                on: app.db)
            let section = try #require(content.sections.first { $0.key == "policies" })
            let table = try #require(section.tables.first)
            #expect(table.columns == ["Group", "Asked", "Acknowledged", "Share", "Not yet due", "Overdue"])
            #expect(table.rows.map { $0[0] } == ["Employees", "Governors", "Volunteers", "Everyone"])
            #expect(table.rows.contains { $0[1] == "fewer than 5" }, "the demo's governors and volunteers are few")
            for row in table.rows {
                for cell in row.dropFirst() { #expect(!["1", "2", "3", "4"].contains(cell), "\(row)") }
                // A group of fewer than 5: nothing about it, not even a 0 (the demo has 2 governors, 1 volunteer).
                if row[1] == "fewer than 5" {
                    #expect(row.dropFirst(2).allSatisfy { ["fewer than 5", "–"].contains($0) }, "\(row)")
                }
                let shown = row[1].allSatisfy(\.isNumber) && row[2].allSatisfy(\.isNumber)
                #expect(row[3].hasSuffix("%") == (shown && row[1] != "0"), "\(row)")
            }
            let weekly = try Self.table(content, "policies-weekly")
            #expect(weekly.rows.count == 5, "30 days: four whole weeks and today")
            #expect(weekly.rows.last?[0] == today.longForm)
            #expect(weekly.chart?.kind == .line)
        }
    }
}
