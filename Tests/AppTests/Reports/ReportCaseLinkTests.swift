// Issue 16, item 5: a case's "governors informed" step names the published report that told them, or a meeting; any
// other report, or a report on any other step, is refused with a message and writes nothing.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Reports: the governors informed step names a report")
struct ReportCaseLinkTests {
    @Test("Named on the step and on its correction; refused elsewhere, for a draft, another school's, or nonsense")
    func namesAReport() async throws {
        try await withSteward { app, demo in
            let school = try await app.schoolID("st-cleopas")
            let other = try await app.schoolID("holy-trinity")
            // The demo publishes one report per school; a draft is not one to name.
            let published = try #require(
                try await GovernorsReport.query(on: app.db).filter(\.$schoolID == school)
                    .filter(\.$state == .published).first())
            let theirs = try #require(
                try await GovernorsReport.query(on: app.db).filter(\.$schoolID == other)
                    .filter(\.$state == .published).first())
            let head = try await Person.query(on: app.db).filter(
                \.$email == demo.account("st-cleopas", "headteacher").email
            )
            .first()
            let draft = GovernorsReport(
                schoolID: school, title: "Spring draft", from: Display.today.adding(days: -20), to: Display.today,
                preparedBy: try #require(head))
            try await draft.create(on: app.db)
            let id = try await app.reportPlainConcern(demo)
            let browser = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            var page = try await browser.get("/concerns/\(id)")
            #expect(page.body.contains(#"<option value="\#(try published.requireID())">The last 30 days (version 1"#))
            #expect(!page.body.contains(try draft.requireID().uuidString))
            #expect(!page.body.contains(try theirs.requireID().uuidString))

            func entries() async throws -> Int { try await CaseEntry.query(on: app.db).filter(\.$caseID == id).count() }
            // The refused page shows the case again, a reading that is audited; no step is.
            func audits() async throws -> Int {
                try await app.count("audit_entries", where: "action", "case.step_recorded")
            }
            let refused: [(String, String, String)] = [
                ("hr_advice", try published.requireID().uuidString, "Name a report only for"),
                (
                    "governors_informed", try draft.requireID().uuidString,
                    "Choose one of the school&#39;s published reports."
                ),
                (
                    "governors_informed", try theirs.requireID().uuidString,
                    "Choose one of the school&#39;s published reports."
                ),
                ("governors_informed", "not-a-report", "Choose one of the school&#39;s published reports."),
                ("governors_informed", UUID().uuidString, "Choose one of the school&#39;s published reports."),
                // A real report's id with a NUL after it is not that report.
                (
                    "governors_informed", try published.requireID().uuidString + "\u{0}",
                    "Choose one of the school&#39;s"
                ),
                // Governors informed, but not how: neither a report nor the meeting.
                ("governors_informed", "", "Choose the report that told them, or give the meeting and its date"),
            ]
            for (action, report, message) in refused {
                let (before, logged) = (try await entries(), try await audits())
                let reply = try await browser.post(
                    "/concerns/\(id)/entries", [("action", action), ("text", "Told them."), ("report", report)],
                    csrf: page.csrf)
                #expect(reply.status == .badRequest, "\(action) \(report)")
                #expect(reply.body.contains(message), "\(action) \(report)")
                let (after, loggedAfter) = (try await entries(), try await audits())
                #expect(after == before && loggedAfter == logged, "\(action) \(report)")
                page = reply
            }
            // A meeting: no report, its name as the reference.
            let meeting = try await browser.post(
                "/concerns/\(id)/entries",
                [("action", "governors_informed"), ("text", "Told at the meeting."), ("reference", "FGB 4 Dec")],
                csrf: page.csrf)
            #expect(meeting.status == .seeOther)
            // Its correction names the report; the summary and the chronology say which.
            page = try await browser.get("/concerns/\(id)")
            let number = try await entries()
            let corrected = try await browser.post(
                "/concerns/\(id)/entries",
                [
                    ("corrects", String(number)), ("text", "And in the termly report."),
                    ("report", try published.requireID().uuidString),
                ], csrf: page.csrf)
            #expect(corrected.status == .seeOther)
            page = try await browser.get("/concerns/\(id)")
            #expect(page.body.contains("reference FGB 4 Dec, in the governors&#39; report The last 30 days (version 1"))
            let chronology = try await browser.get("/concerns/\(id)/chronology")
            #expect(chronology.body.contains("in the governors&#39; report The last 30 days"))
            // On the step itself too.
            let direct = try await browser.post(
                "/concerns/\(id)/entries",
                [
                    ("action", "governors_informed"), ("text", "Told."),
                    ("report", try published.requireID().uuidString),
                ],
                csrf: page.csrf)
            #expect(direct.status == .seeOther)
            let stored = try await CaseEntry.query(on: app.db).filter(\.$caseID == id).filter(\.$reportID != nil)
                .count()
            #expect(stored == 2)
        }
    }
}
