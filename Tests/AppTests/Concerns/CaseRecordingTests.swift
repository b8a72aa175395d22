// Issue 19, item 6: case recording keeps the handler's work and stays true. A refused step keeps what was typed and
// its errors lead the page; the summary follows the steps recorded later; a police referral may wait for its
// reference; the chronology prints and downloads for HR or the LADO, audited, for those who see the case only.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Concerns: recording a case")
struct CaseRecordingTests {
    static func head(_ app: Application, _ demo: Demo) async throws -> Browser {
        try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
    }

    @Test("A refused move or step keeps every word typed, and its error summary comes before the case")
    func refusedKeepsText() async throws {
        try await withSteward { app, demo in
            let id = try await app.reportPlainConcern(demo)
            let head = try await Self.head(app, demo)
            let page = try await head.get("/concerns/\(id)")
            let reason = "Spoke to the parent on the phone & agreed <next steps>"
            let move = try await head.post("/concerns/\(id)/state", [("to", ""), ("reason", reason)], csrf: page.csrf)
            #expect(move.status == .badRequest)
            #expect(move.body.contains("Spoke to the parent on the phone &amp; agreed &lt;next steps&gt;</textarea>"))
            let summary = try #require(move.body.range(of: #"<div class="error-summary""#))
            let story = try #require(move.body.range(of: "<h2>What happened</h2>"))
            #expect(summary.lowerBound < story.lowerBound)
            #expect(move.body.contains(##"<a href="#to">Choose where the case goes next."##))
            let details = "Rang the LADO duty line; waiting for the reference from the officer."
            let step = try await head.post(
                "/concerns/\(id)/entries", [("action", "lado_referral"), ("text", details), ("reference", "")],
                csrf: move.csrf)
            #expect(step.status == .badRequest)
            #expect(step.body.contains("\(details)</textarea>"))
            #expect(step.body.contains(#"<option value="lado_referral" selected>"#))
            #expect(step.body.contains("Give the reference the LADO gave you."))
            #expect(try await CaseEntry.query(on: app.db).filter(\.$caseID == id).count() == 1)
        }
    }

    @Test("The summary follows later steps: blocked, reported to the platform, and a police reference added later")
    func summaryFollowsSteps() async throws {
        try await withSteward { app, demo in
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            _ = try await ContactReportTests.report(
                ta, category: "contact_from_pupil_or_family", blocked: "no", reported: "no")
            let id = try #require(try await Case.query(on: app.db).sort(\.$createdAt, .descending).first()?.id)
            let head = try await Self.head(app, demo)
            var page = try await head.get("/concerns/\(id)")
            #expect(page.body.contains("<dt>Blocked them</dt><dd>Not yet, when it was reported</dd>"))
            #expect(page.body.contains("<dt>Reported to the platform</dt><dd>Not yet, when it was reported</dd>"))
            for (action, text) in [
                ("platform_reported", "Reported the account to Facebook."),
                ("police_referral", "Called 101 for advice."),
            ] {
                let done = try await head.post(
                    "/concerns/\(id)/entries", [("action", action), ("text", text)], csrf: page.csrf)
                #expect(done.status == .seeOther, "\(action)")
                page = try await head.get("/concerns/\(id)")
            }
            let today = Display.date(Date())
            #expect(page.body.contains("<dt>Reported to the platform</dt><dd>Yes, recorded \(today) (entry 2)</dd>"))
            #expect(page.body.contains("<dt>Blocked them</dt><dd>Not yet, when it was reported</dd>"))
            #expect(page.body.contains("Referred to the police, recorded \(today) (entry 3): no reference yet"))
            // The reference arrives later, as a correction of the referral.
            let corrected = try await head.post(
                "/concerns/\(id)/entries",
                [("action", "note"), ("corrects", "3"), ("reference", "CAD 4417"), ("text", "Crime reference given.")],
                csrf: page.csrf)
            #expect(corrected.status == .seeOther)
            page = try await head.get("/concerns/\(id)")
            #expect(page.body.contains("Referred to the police, recorded \(today) (entry 3), reference CAD 4417"))
            #expect(!page.body.contains("no reference yet"))
        }
    }

    @Test("The chronology prints and downloads for those who see the case, audited; nobody else gets it")
    func chronology() async throws {
        try await withSteward { app, demo in
            let id = try await app.reportPlainConcern(demo)
            let head = try await Self.head(app, demo)
            let page = try await head.get("/concerns/\(id)")
            _ = try await head.post(
                "/concerns/\(id)/entries", [("action", "hr_advice"), ("text", "HR advised a meeting.")],
                csrf: page.csrf)
            // The step shows where it went: a notice naming its entry, and the page opens at it.
            let recorded = try await head.post(
                "/concerns/\(id)/entries", [("action", "note"), ("text", "Second thoughts.")], csrf: page.csrf)
            #expect(recorded.location == "/concerns/\(id)?done=recorded&entry=3#entry-3")
            let shown = try await head.get("/concerns/\(id)?done=recorded&entry=3")
            #expect(shown.body.contains("Recorded as entry 3 of the chronology."))
            #expect(shown.body.contains(#"<li id="entry-3">"#))
            let printable = try await head.get("/concerns/\(id)/chronology")
            #expect(printable.status == .ok)
            #expect(printable.body.contains("HR advised a meeting."))
            #expect(printable.body.contains("Printed "))
            #expect(printable.body.contains(#"class="no-print"#))
            let file = try await head.get("/concerns/\(id)/chronology?download=1")
            #expect(file.status == .ok)
            let reference = try #require(try await Case.find(id, on: app.db)?.reference)
            #expect(
                file.headers.first(name: .contentDisposition)
                    == "attachment; filename=\"\(reference)-chronology.html\"")
            #expect(file.body.contains("HR advised a meeting.") && file.body.contains("@page { size: A4"))
            let actions = try await app.auditActions()
            #expect(actions.contains("case.chronology_printed") && actions.contains("case.chronology_downloaded"))
            // The reporter sees a status only; others nothing: the chronology does not exist for them, and no reading
            // is recorded.
            let before = try await app.count("audit_entries")
            for local in ["teacher", "ta", "governor", "hr", "manager"] {
                let other = try await Browser.signedIn(app, as: demo.account("st-cleopas", local).email)
                for path in ["/concerns/\(id)/chronology", "/concerns/\(id)/chronology?download=1"] {
                    #expect(try await other.get(path).status == .notFound, "\(local) \(path)")
                }
            }
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            #expect(try await admin.get("/concerns/\(id)/chronology").status == .notFound)
            let after = try await app.auditActions().suffix(try await app.count("audit_entries") - before)
            #expect(!after.contains { $0.hasPrefix("case.chronology") })
        }
    }

    @Test("A step sent after the 15 minutes is carried through the code and saved, not lost")
    func stepCarriedThroughTheCode() async throws {
        try await withSteward { app, demo in
            let id = try await app.reportPlainConcern(demo)
            let dsl = demo.account("st-cleopas", "dsl")
            let browser = try await Browser.signedIn(app, as: dsl.email)
            let page = try await browser.get("/concerns/\(id)")
            try await TokenAndStepUpTests.secondFactor(app, dsl.email, secondsAgo: 17 * 60)
            let note = "Twenty minutes of typing: HR advised a meeting with the member of staff & a union rep."
            let refused = try await browser.post(
                "/concerns/\(id)/entries", [("action", "hr_advice"), ("text", note), ("reference", "")],
                csrf: page.csrf)
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("nothing you typed is lost"))
            #expect(refused.body.contains(#"<input type="hidden" name="replay" value="/concerns/\#(id)/entries">"#))
            #expect(refused.body.contains("name=\"text\" value=\"Twenty minutes of typing: HR advised a meeting"))
            #expect(try await CaseEntry.query(on: app.db).filter(\.$caseID == id).count() == 1)
            // A wrong code keeps the carried fields; the right one sends them on with their method and body (307).
            let carried = [("action", "hr_advice"), ("text", note), ("reference", "")]
            let wrong = try await browser.post(
                "/step-up",
                [("code", "000000"), ("next", "/concerns/\(id)"), ("replay", "/concerns/\(id)/entries")]
                    + carried, csrf: refused.csrf)
            #expect(wrong.status == .unauthorized && wrong.body.contains(#"name="replay""#))
            let code = TestTOTP.code(try #require(dsl.totp_secret))
            let stepped = try await browser.post(
                "/step-up",
                [("code", code), ("next", "/concerns/\(id)"), ("replay", "/concerns/\(id)/entries")]
                    + carried, csrf: refused.csrf)
            #expect(stepped.status == .temporaryRedirect && stepped.location == "/concerns/\(id)/entries")
            // What the browser does with a 307: the same body, to the same place.
            let saved = try await browser.post(
                try #require(stepped.location), [("code", code), ("next", "/concerns/\(id)")] + carried,
                csrf: refused.csrf)
            #expect(saved.status == .seeOther)
            let entries = try await CaseEntry.query(on: app.db).filter(\.$caseID == id).all()
            #expect(entries.count == 2 && entries.contains { $0.text == note })
            // Only a case's own forms are replayed: anywhere else, the step-up goes back to its page as before.
            try await TokenAndStepUpTests.secondFactor(app, dsl.email, secondsAgo: 17 * 60)
            let elsewhere = try await browser.post(
                "/step-up",
                [
                    ("code", TestTOTP.code(try #require(dsl.totp_secret), at: Date().addingTimeInterval(30))),
                    ("next", "/concerns"), ("replay", "/people"), ("text", "x"),
                ], csrf: refused.csrf)
            #expect(elsewhere.status == .seeOther && elsewhere.location == "/concerns")
        }
    }
}
