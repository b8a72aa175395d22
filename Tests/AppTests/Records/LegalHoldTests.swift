// Legal holds (issue 17, item 2): placed and lifted with a reason by the headteacher or a trust administrator, on a
// case or a person of the school; bad input changes nothing; a hold on another school's record, or on a case the
// person placing it may not know of, is refused as if it did not exist; and the holds and the purge's list follow
// each case's own access rule.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Records management: legal holds")
struct LegalHoldTests {
    static func place(_ browser: Browser, _ fields: [(String, String)]) async throws -> Reply {
        let page = try await browser.get(RetentionPaths.holds())
        return try await browser.post(RetentionPaths.holds(), fields, csrf: page.csrf)
    }

    @Test("Every field of the form at its edges: nothing written for bad input, a clear message, never a 500")
    func placeEdges() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let ordinary = try await PurgeFixture.report(app, demo, text: "Ordinary", file: "a.png")
            let reference = try #require(try await Case.find(ordinary, on: app.db)).reference
            let ta = try await app.personID(demo.account("st-cleopas", "ta").email)
            let outsider = try await app.personID(demo.account("northfield", "teacher").email)
            let theirs = try await app.reportPlainConcern(demo, school: "northfield")
            let theirReference = try #require(try await Case.find(theirs, on: app.db)).reference
            let aboutHead = try await ConcernAccessWalkTests.reportAbout(app, demo, subject: "headteacher")
            let hiddenReference = try #require(try await Case.find(aboutHead, on: app.db)).reference
            let long = String(repeating: "a", count: 2001)
            let cases: [([(String, String)], String?)] = [
                ([("reason", "x")], "Choose whether the hold is on a case or on a person."),
                ([("on", "neither"), ("reason", "x")], "Choose whether the hold is on a case or on a person."),
                ([("on", "case"), ("reason", "x")], "Enter the case"),
                ([("on", "case"), ("reference", "   "), ("reason", "x")], "Enter the case"),
                ([("on", "case"), ("reference", "C-2026-NOPE1"), ("reason", "x")], "No case with that reference"),
                ([("on", "case"), ("reference", theirReference), ("reason", "x")], "No case with that reference"),
                ([("on", "case"), ("reference", hiddenReference), ("reason", "x")], "No case with that reference"),
                ([("on", "case"), ("reference", String(repeating: "C", count: 41)), ("reason", "x")], "No case"),
                ([("on", "case"), ("reference", reference)], "Enter the reason"),
                ([("on", "case"), ("reference", reference), ("reason", " \n ")], "Enter the reason"),
                ([("on", "case"), ("reference", reference), ("reason", long)], "2000 characters or fewer"),
                ([("on", "case"), ("reference", reference), ("reason", "a\u{202E}b")], "invisible"),
                ([("on", "person"), ("reason", "x")], "Choose a person from the list."),
                ([("on", "person"), ("person", "not-an-id"), ("reason", "x")], "Choose a person from the list."),
                ([("on", "person"), ("person", outsider.uuidString), ("reason", "x")], "Choose a person"),
                ([("on", "person"), ("person", UUID().uuidString), ("reason", "x")], "Choose a person"),
                // Accepted: the reference as typed in lower case with spaces; the longest reason; a person.
                ([("on", "case"), ("reference", " \(reference.lowercased()) "), ("reason", "Claim.")], nil),
                ([("on", "person"), ("person", ta.uuidString), ("reason", String(repeating: "b", count: 2000))], nil),
                // The same again: already held.
                ([("on", "case"), ("reference", reference), ("reason", "Again.")], "That case is already held"),
                ([("on", "person"), ("person", ta.uuidString), ("reason", "Again.")], "already held"),
            ]
            for (fields, problem) in cases {
                let holds = try await app.count("legal_holds")
                let entries = try await app.count("audit_entries")
                let reply = try await Self.place(head, fields)
                if let problem {
                    #expect(reply.status == .badRequest, "\(fields)")
                    #expect(reply.body.contains(problem), "\(fields): \(problem)")
                    #expect(try await app.count("legal_holds") == holds, "\(fields)")
                    #expect(try await app.count("audit_entries") == entries, "\(fields)")
                } else {
                    #expect(reply.status == .seeOther, "\(fields)")
                    #expect(try await app.count("legal_holds") == holds + 1, "\(fields)")
                    #expect(try await app.auditActions().last == "records.hold_placed")
                }
            }
            let standing = try await LegalHold.query(on: app.db).all()
            #expect(standing.filter { $0.caseID == ordinary }.count == 1)
            #expect(standing.filter { $0.personID == ta }.count == 1)
        }
    }

    @Test("Lifting: a reason is needed; another school's hold, or one on a hidden case, is not found; only once")
    func liftEdges() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let ordinary = try await PurgeFixture.report(app, demo, text: "Ordinary", file: "a.png")
            let reference = try #require(try await Case.find(ordinary, on: app.db)).reference
            #expect(
                try await Self.place(head, [("on", "case"), ("reference", reference), ("reason", "x")]).status
                    == .seeOther)
            let hold = try #require(try await LegalHold.query(on: app.db).first())
            let holdID = try hold.requireID()
            let path = RetentionPaths.lift(holdID)
            let page = try await head.get(RetentionPaths.holds())
            #expect(page.body.contains("Case \(reference)"))
            // No reason: refused, nothing changed.
            let entries = try await app.count("audit_entries")
            let bare = try await head.post(path, [("reason", "  ")], csrf: page.csrf)
            #expect(bare.status == .badRequest)
            #expect(bare.body.contains("Enter the reason for lifting it"))
            #expect(try await LegalHold.find(holdID, on: app.db)?.liftedAt == nil)
            #expect(try await app.count("audit_entries") == entries)
            // Northfield's headteacher: not found. A made-up id: not found.
            let other = try await Browser.signedIn(app, as: demo.account("northfield", "headteacher").email)
            let theirPage = try await other.get(RetentionPaths.holds())
            #expect(!theirPage.body.contains(reference))
            #expect(try await other.post(path, [("reason", "x")], csrf: theirPage.csrf).status == .notFound)
            #expect(
                try await head.post(RetentionPaths.lift(UUID()), [("reason", "x")], csrf: page.csrf).status == .notFound
            )
            #expect(
                try await head.post(RetentionPaths.lift("x"), [("reason", "x")], csrf: page.csrf).status == .notFound)
            // Lifted, once: a second lift changes nothing.
            #expect(try await head.post(path, [("reason", "Settled.")], csrf: page.csrf).status == .seeOther)
            let lifted = try #require(try await LegalHold.find(holdID, on: app.db))
            #expect(lifted.liftedAt != nil && lifted.liftReason == "Settled.")
            let after = try await app.count("audit_entries")
            #expect(try await head.post(path, [("reason", "Again.")], csrf: page.csrf).status == .seeOther)
            #expect(try await app.count("audit_entries") == after)
            #expect(try await LegalHold.find(holdID, on: app.db)?.liftReason == "Settled.")
            // Listed under "Lifted holds", with who lifted it and why, for the trust administrator too.
            let adminPage = try await admin.get(RetentionPaths.holds())
            let listed = try #require(Self.liftedSection(adminPage.body))
            #expect(listed.contains("Case \(reference)") && listed.contains("Settled."))
        }
    }

    /// The page from its "Lifted holds" heading on, or nil when it has none.
    static func liftedSection(_ body: String) -> String? {
        body.range(of: "<h2>Lifted holds</h2>").map { String(body[$0.lowerBound...]) }
    }

    @Test("Lifted holds are listed, most recent first, with what was held, who lifted it, when and why")
    func liftedList() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let headName = try #require(
                try await Person.find(app.personID(demo.account("st-cleopas", "headteacher").email), on: app.db)
            ).fullName
            let ta = try await app.personID(demo.account("st-cleopas", "ta").email)
            let taName = try #require(try await Person.find(ta, on: app.db)).fullName
            let ordinary = try await PurgeFixture.report(app, demo, text: "Ordinary", file: "a.png")
            let reference = try #require(try await Case.find(ordinary, on: app.db)).reference
            let empty = try await head.get(RetentionPaths.holds())
            #expect(Self.liftedSection(empty.body)?.contains("No hold has been lifted.") == true)
            #expect(
                try await Self.place(head, [("on", "case"), ("reference", reference), ("reason", "A claim.")]).status
                    == .seeOther)
            #expect(
                try await Self.place(head, [("on", "person"), ("person", ta.uuidString), ("reason", "An inquiry.")])
                    .status == .seeOther)
            let caseHold = try #require(try await LegalHold.query(on: app.db).filter(\.$caseID == ordinary).first())
            let taHold = try #require(try await LegalHold.query(on: app.db).filter(\.$personID == ta).first())
            let page = try await head.get(RetentionPaths.holds())
            #expect(
                try await head.post(
                    RetentionPaths.lift(try caseHold.requireID()), [("reason", "The claim is settled.")],
                    csrf: page.csrf
                ).status == .seeOther)
            #expect(
                try await head.post(
                    RetentionPaths.lift(try taHold.requireID()), [("reason", "The inquiry is over.")], csrf: page.csrf
                ).status == .seeOther)
            let after = try await head.get(RetentionPaths.holds())
            #expect(after.body.contains("There are no holds in place."))
            let lifted = try #require(Self.liftedSection(after.body))
            let today = Display.date(Date())
            #expect(lifted.contains(#"<th scope="col">Lifted by</th>"#))
            #expect(lifted.contains(#"<th scope="col">Reason for lifting</th>"#))
            #expect(lifted.contains(#"<td data-label="Lifted on">\#(today)</td>"#))
            #expect(lifted.contains(#"<td data-label="Lifted by">\#(headName)</td>"#))
            #expect(lifted.contains("The claim is settled.") && lifted.contains("The inquiry is over."))
            #expect(lifted.contains("A claim.") && lifted.contains("An inquiry."))
            // The one lifted last comes first.
            let person = try #require(lifted.range(of: "Everything about \(taName)"))
            let held = try #require(lifted.range(of: "Case \(reference)"))
            #expect(person.lowerBound < held.lowerBound)
        }
    }

    @Test("The holds page reads plainly: one visible \"Holds in place\", a Reason column, errors in the form's order")
    func pageReadsPlainly() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let ordinary = try await PurgeFixture.report(app, demo, text: "Ordinary", file: "a.png")
            let reference = try #require(try await Case.find(ordinary, on: app.db)).reference
            #expect(
                try await Self.place(head, [("on", "case"), ("reference", reference), ("reason", "A claim.")]).status
                    == .seeOther)
            let page = try await head.get(RetentionPaths.holds()).body
            #expect(page.components(separatedBy: "<h2>Holds in place</h2>").count == 2)
            #expect(!page.contains("<caption>Holds in place</caption>"))
            #expect(page.contains(#"<caption class="visually-hidden">Holds in place"#))
            #expect(page.contains(#"<th scope="col">Reason</th>"#) && !page.contains(#"<th scope="col">Why</th>"#))
            // Each error in the summary in the order of the fields, each linking to an element that is there.
            let refusals: [([(String, String)], [String])] = [
                ([("reason", " ")], ["on", "reason"]),
                ([("on", "case"), ("reason", "")], ["reference", "reason"]),
                ([("on", "person"), ("reason", "")], ["person", "reason"]),
            ]
            for (fields, expected) in refusals {
                let reply = try await Self.place(head, fields)
                #expect(reply.status == .badRequest)
                let summary = try #require(
                    Reply.firstMatch(#"(?s)<div class="error-summary"(.*?)</div>"#, in: reply.body))
                let links = Reply.allMatches(##"<a href="#([^"]+)">"##, in: summary)
                #expect(links == expected, "\(fields)")
                for field in links { #expect(reply.body.contains(#"id="\#(field)""#), "\(field)") }
            }
        }
    }

    @Test("A hold on a case about the headteacher, placed by the trust administrator, is invisible to the headteacher")
    func hiddenFromTheHeadteacher() async throws {
        try await withSteward { app, demo in
            let aboutHead = try await ConcernAccessWalkTests.reportAbout(app, demo, subject: "headteacher")
            let item = try #require(try await Case.find(aboutHead, on: app.db))
            // Closed long ago, so it is on the purge's list now.
            try await PurgeFixture.close(
                app, aboutHead, on: RetentionPeriod.years(-6).after(CalendarDate(Date())).adding(days: -20))
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            // Before any hold: the trust administrator's list counts it; the headteacher's does not.
            let adminDue = try await admin.get(RetentionPaths.due())
            #expect(adminDue.status == .ok)
            #expect(adminDue.body.contains("Other concerns and cases"))
            let headDue = try await head.get(RetentionPaths.due())
            #expect(headDue.status == .ok)
            #expect(!headDue.body.contains("Other concerns and cases"))
            // The trust administrator holds it by its reference.
            let placed = try await Self.place(
                admin, [("on", "case"), ("reference", item.reference), ("reason", "Claim.")])
            #expect(placed.status == .seeOther)
            let hold = try #require(try await LegalHold.query(on: app.db).first())
            let headPage = try await head.get(RetentionPaths.holds())
            #expect(!headPage.body.contains(item.reference))
            #expect(headPage.body.contains("There are no holds in place."))
            #expect(
                try await head.post(RetentionPaths.lift(try hold.requireID()), [("reason", "x")], csrf: headPage.csrf)
                    .status == .notFound)
            #expect(try await admin.get(RetentionPaths.holds()).body.contains(item.reference))
            // The audit log shows the headteacher nothing of it.
            let log = try await head.get(AuditPaths.log())
            #expect(log.status == .ok)
            #expect(!log.body.contains("records.hold_placed") && !log.body.contains(aboutHead.uuidString))
            #expect(try await admin.get(AuditPaths.log()).status == .ok)
        }
    }
}
