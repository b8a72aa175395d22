// The retention schedule's page (issue 17, item 1): the headteacher sees the defaults and sets the school's periods
// within the trust's limits; the trust administrator sets those limits; everything is audited, all or nothing.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Retention schedule: the page")
struct RetentionPageTests {
    static let path = "/settings/retention"

    /// Every field of the school's form, as the page fills it, with `changes` applied.
    static func periods(_ changes: [String: String] = [:]) -> [(String, String)] {
        RetentionScheduleRule.defaults.map { rule in
            let field = "period-\(rule.key)"
            return (field, changes[rule.key] ?? "\(rule.period)")
        }
    }

    static func limits(_ changes: [String: (String, String)] = [:]) -> [(String, String)] {
        RetentionScheduleRule.defaults.flatMap { rule in
            let (shortest, longest) = changes[rule.key] ?? ("\(rule.shortest)", "\(rule.longest)")
            return [("shortest-\(rule.key)", shortest), ("longest-\(rule.key)", longest)]
        }
    }

    static func months(_ app: Application, school: String, rule: String) async throws -> Int? {
        let schoolID = try await app.schoolID(school)
        return try await RetentionSetting.query(on: app.db).inSchool(schoolID).filter(\.$rule == rule).first()?.months
    }

    @Test("The headteacher sees every line of the schedule with its default, its clock and why; no limits form")
    func headteacherSees() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get(Self.path)
            #expect(page.status == .ok)
            for rule in RetentionScheduleRule.defaults {
                #expect(page.body.contains(rule.records.replacingOccurrences(of: "'", with: "&#39;")), "\(rule.key)")
            }
            #expect(page.body.contains("Now: 10 years, or to the person&#39;s normal pension age (67) if later"))
            #expect(page.body.contains("Now: 6 years"))
            #expect(page.body.contains("after the case is closed"))
            #expect(page.body.contains("check them against your school's own records management policy"))
            #expect(!page.body.contains("The trust's limits"))
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            #expect(try await admin.get(Self.path).body.contains("The trust's limits"))
        }
    }

    @Test("The schedule and the list of what will be removed name the school, which changes as the trust's admin moves")
    func namesTheSchool() async throws {
        try await withSteward { app, demo in
            let cleopas = try #require(try await School.find(app.schoolID("st-cleopas"), on: app.db))
            let trinity = try #require(try await School.find(app.schoolID("holy-trinity"), on: app.db))
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            #expect(
                try await admin.get(Self.path).body.contains("<h1>How long records are kept at \(cleopas.name)</h1>"))
            #expect(
                try await admin.get(RetentionPaths.due()).body.contains(
                    "<h1>What will be removed at \(cleopas.name)</h1>"))
            let moved = try await admin.post(
                HomePaths.switchSchool(), [("school", try trinity.requireID().uuidString)], csrfFrom: "/")
            #expect(moved.status == .seeOther)
            let page = try await admin.get(Self.path).body
            #expect(page.contains("<h1>How long records are kept at \(trinity.name)</h1>"))
            #expect(page.contains("<caption>\(trinity.name)'s retention schedule</caption>"))
            #expect(!page.contains("<h1>How long records are kept at \(cleopas.name)</h1>"))
            #expect(
                try await admin.get(RetentionPaths.due()).body.contains(
                    "<h1>What will be removed at \(trinity.name)</h1>"))
        }
    }

    @Test(
        "A period inside the trust's limits is saved and audited; at each limit too; outside, or unreadable, nothing is"
    )
    func periodsAtTheirEdges() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            func save(_ changes: [String: String]) async throws -> Reply {
                try await head.post(Self.path, Self.periods(changes), csrfFrom: Self.path)
            }
            // Allegations: 10 years to a century (the default limits).
            for (text, accepted) in [
                ("9 years 11 months", false), ("100 years", true), ("10 years", true), ("101 years", false),
                ("1201 months", false), ("ten years", false), ("", false), ("-1", false),
            ] {
                let before = try await app.count("audit_entries")
                let reply = try await save(["allegations": text])
                #expect(reply.status == (accepted ? .seeOther : .badRequest), "\(text)")
                if accepted {
                    #expect(
                        try await Self.months(app, school: "st-cleopas", rule: "allegations")
                            == RetentionPeriod(parsing: text)?.months)
                } else {
                    #expect(try await app.count("audit_entries") == before, "\(text) wrote something")
                    // Each refusal says what is wrong with what was typed.
                    let expected: String =
                        switch text {
                        case "101 years", "1201 months": "a period can be at most 100 years"
                        case "": "Enter a period"
                        case "9 years 11 months": "must be from 10 years"
                        default: "could not read “\(text)”"
                        }
                    #expect(reply.body.contains(expected), "\(text)")
                }
            }
            // False allegations: at once to a year.
            #expect(try await save(["false_allegations": "at once"]).status == .seeOther)
            #expect(try await save(["false_allegations": "1 year"]).status == .seeOther)
            #expect(try await save(["false_allegations": "13 months"]).status == .badRequest)
            // One bad line among good ones: nothing at all is saved.
            let before = try await Self.months(app, school: "st-cleopas", rule: "cases")
            let reply = try await save(["cases": "7 years", "published_posts": "0 years"])
            #expect(reply.status == .badRequest)
            #expect(reply.body.contains("must be from 1 year to 100 years"))
            #expect(try await Self.months(app, school: "st-cleopas", rule: "cases") == before)
            // Saved, it is audited with what it was and what it is, and the page shows it.
            #expect(try await save(["cases": "7 years"]).status == .seeOther)
            let entry = try #require(
                try await AuditEntry.query(on: app.db).filter(\.$action == "retention.period_changed")
                    .filter(\.$target == "retention:cases").first())
            #expect(entry.details.contains("\"from_months\":\"72\"") && entry.details.contains("\"to_months\":\"84\""))
            #expect(try await head.get(Self.path).body.contains("Now: 7 years"))
            // Another school's schedule is its own.
            #expect(try await Self.months(app, school: "holy-trinity", rule: "cases") == nil)
        }
    }

    @Test("The trust's limits bound every school's period, are audited, and refuse a shortest over the longest")
    func trustLimits() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            #expect(
                try await head.post(Self.path, Self.periods(["cases": "10 years"]), csrfFrom: Self.path).status
                    == .seeOther)
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            // Refused: shortest over longest, longest over a century, unreadable.
            for (shortest, longest) in [("9 years", "8 years"), ("1 year", "101 years"), ("soon", "8 years")] {
                let reply = try await admin.post(
                    Self.path + "/limits", Self.limits(["cases": (shortest, longest)]), csrfFrom: Self.path)
                #expect(reply.status == .badRequest, "\(shortest)–\(longest)")
                #expect(try await RetentionLimit.query(on: app.db).count() == 0)
            }
            // Statutory guidance's floor: allegations are kept at least 10 years, whatever a trust allows.
            for (shortest, accepted) in [("9 years 11 months", false), ("0", false), ("10 years", true)] {
                let reply = try await admin.post(
                    Self.path + "/limits", Self.limits(["allegations": (shortest, "100 years")]), csrfFrom: Self.path)
                #expect(reply.status == (accepted ? .seeOther : .badRequest), "\(shortest)")
                if !accepted { #expect(reply.body.contains("Keeping children safe in education requires it")) }
                #expect(try await RetentionLimit.query(on: app.db).count() == 0)
            }
            // Limits that move St Cleopas's 10 years to 8: shown, named and not saved until confirmed.
            let narrowed = Self.limits(["cases": ("2 years", "8 years")])
            let shown = try await admin.post(Self.path + "/limits", narrowed, csrfFrom: Self.path)
            #expect(shown.status == .ok)
            #expect(shown.body.contains("Nothing is saved yet"))
            #expect(
                shown.body.contains("St Cleopas")
                    && shown.body.contains(
                        "Other concerns and cases, with their chronology and evidence, from 10 years to 8 years")
            )
            #expect(!shown.body.contains("Holy Trinity C of E Primary School: "))
            #expect(try await RetentionLimit.query(on: app.db).count() == 0)
            let confirm = try #require(Reply.firstMatch(#"name="confirm" value="([^"]*)""#, in: shown.body))
            // What is confirmed is what happens: a school period changed in between shows the list again.
            #expect(
                try await head.post(Self.path, Self.periods(["cases": "9 years"]), csrfFrom: Self.path).status
                    == .seeOther)
            let again = try await admin.post(
                Self.path + "/limits", narrowed + [("confirm", confirm)], csrfFrom: Self.path)
            #expect(again.status == .ok)
            #expect(again.body.contains("from 9 years to 8 years"))
            #expect(try await RetentionLimit.query(on: app.db).count() == 0)
            let current = try #require(Reply.firstMatch(#"name="confirm" value="([^"]*)""#, in: again.body))
            #expect(
                try await admin.post(Self.path + "/limits", narrowed + [("confirm", current)], csrfFrom: Self.path)
                    .status == .seeOther)
            // St Cleopas's own log says its period moved, from what to what; Holy Trinity's, untouched, says nothing.
            let moved = try await AuditEntry.query(on: app.db).filter(\.$action == "retention.period_moved_by_trust")
                .all()
            #expect(moved.map(\.schoolID) == [try await app.schoolID("st-cleopas").uuidString])
            #expect(moved.first?.details.contains("\"from_months\":\"108\"") == true)
            #expect(moved.first?.details.contains("\"to_months\":\"96\"") == true)
            let entry = try #require(
                try await AuditEntry.query(on: app.db).filter(\.$action == "retention.limits_changed").first())
            // Trust-wide: no school's headteacher sees it on their audit log.
            #expect(entry.schoolID == nil)
            // The school's 9 years now counts as the trust's longest, 8; 1 year is refused, 8 accepted.
            #expect(try await head.get(Self.path).body.contains("Now: 8 years"))
            #expect(
                try await head.post(Self.path, Self.periods(["cases": "1 year"]), csrfFrom: Self.path).status
                    == .badRequest)
            #expect(
                try await head.post(Self.path, Self.periods(["cases": "8 years"]), csrfFrom: Self.path).status
                    == .seeOther)
            // A headteacher cannot set the limits.
            #expect(
                try await head.post(
                    Self.path + "/limits", Self.limits(["cases": ("0 years", "100 years")]), csrfFrom: Self.path
                ).status == .forbidden)
            // Another trust's schools keep the defaults.
            let northfield = try await app.schoolID("northfield")
            let otherTrust = try #require(try await School.find(northfield, on: app.db)).$trust.id
            let rules = try await RetentionSchedules.rules(schoolID: northfield, trustID: otherTrust, on: app.db)
            #expect(rules.first { $0.key == "cases" }?.longest == .longest)
        }
    }
}
