// The headteacher's settings (issue 14, item 4): terms that overlap or end before they start are refused with a clear
// message, the deadline stays within 7–60 days, the lead is one of the school's active staff; nothing is changed by
// a refused form, and a saved one is audited.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Privacy self-check: settings")
struct SelfCheckSettingsTests {
    static func fields(
        _ terms: [(String, String, String)], days: String = "21", lead: String = ""
    ) -> [(String, String)] {
        terms.flatMap { [("term_name[]", $0.0), ("term_starts[]", $0.1), ("term_ends[]", $0.2)] }
            + [("deadline_days", days), ("lead", lead)]
    }

    @Test("Bad settings answer 400 with a clear message and change nothing; good ones are saved and audited")
    func settingsTable() async throws {
        try await withSteward { app, demo in
            let schoolID = try await app.schoolID("st-cleopas")
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get("/self-checks/settings")
            #expect(page.status == .ok)
            #expect(page.body.contains("Autumn 2026"))
            let governorID = try await app.personID(demo.account("st-cleopas", "governor").email)
            let outsiderID = try await app.personID(demo.account("northfield", "teacher").email)
            let autumn = ("Autumn", "2026-09-02", "2026-12-18")
            let cases: [(String, [(String, String)], String)] = [
                (
                    "overlapping terms", Self.fields([autumn, ("Spring", "2026-12-01", "2027-03-26")]),
                    "Autumn and Spring overlap"
                ),
                (
                    "a term ending before it starts", Self.fields([("Spring", "2027-03-26", "2027-01-05")]),
                    "ends before it starts"
                ),
                ("a term with no first day", Self.fields([("Spring", "", "2027-03-26")]), "first day"),
                // Each message links to its own box (found by a walk as a new user).
                (
                    "a second term with no first day", Self.fields([autumn, ("Spring", "", "2027-03-26")]),
                    "#term-starts-2"
                ),
                (
                    "a third term with no last day",
                    Self.fields([autumn, ("Spring", "2027-01-05", "2027-03-26"), ("Summer", "2027-04-12", "")]),
                    "#term-ends-3"
                ),
                (
                    "a second term with no name", Self.fields([autumn, ("", "2027-01-05", "2027-03-26")]),
                    "#term-name-2"
                ),
                (
                    "a date that is not a date", Self.fields([("Spring", "2027-02-30", "2027-03-26")]),
                    "must be a real date"
                ),
                (
                    "a name with a control character", Self.fields([("Spr\u{0007}ing", "2027-01-05", "2027-03-26")]),
                    "invisible character"
                ),
                ("too few days", Self.fields([autumn], days: "6"), "from 7 to 60"),
                ("too many days", Self.fields([autumn], days: "61"), "from 7 to 60"),
                ("days that are not a number", Self.fields([autumn], days: "three weeks"), "from 7 to 60"),
                ("a governor as lead", Self.fields([autumn], lead: governorID.uuidString), "active staff"),
                ("another trust's teacher as lead", Self.fields([autumn], lead: outsiderID.uuidString), "active staff"),
                ("a lead that is not an id", Self.fields([autumn], lead: "<b>me</b>"), "active staff"),
            ]
            let before = try #require(
                try await SelfCheckSettings.query(on: app.db).filter(\.$schoolID == schoolID).first())
            for (name, fields, message) in cases {
                let reply = try await head.post("/self-checks/settings", fields, csrf: page.csrf)
                #expect(reply.status == .badRequest, "\(name): \(reply.status.code)")
                #expect(reply.body.contains(message), "\(name): no message")
                let now = try #require(
                    try await SelfCheckSettings.query(on: app.db).filter(\.$schoolID == schoolID).first())
                #expect(
                    now.terms == before.terms && now.deadlineDays == before.deadlineDays && now.leadID == nil, "\(name)"
                )
            }
            // Good settings, with an empty row left as it is: saved, sorted, audited.
            let teacherID = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let saved = try await head.post(
                "/self-checks/settings",
                Self.fields(
                    [("Spring 2027", "2027-01-05", "2027-03-26"), ("", "", ""), autumn], days: "30",
                    lead: teacherID.uuidString), csrf: page.csrf)
            #expect(saved.status == .seeOther)
            let after = try #require(
                try await SelfCheckSettings.query(on: app.db).filter(\.$schoolID == schoolID).first())
            #expect(after.termList.map(\.name) == ["Autumn", "Spring 2027"])
            #expect(after.deadlineDays == 30)
            #expect(after.leadID == teacherID)
            #expect(try await app.auditActions().contains("self_check.settings_changed"))
        }
    }
}
