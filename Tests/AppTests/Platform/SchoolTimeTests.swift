// One clock for people (issue 12, item 8): every date shown, every deadline and the 07:00 mail follow the school's
// time zone (Europe/London unless set), across the March and October clock changes. Expected instants are written
// by hand from the UK's 2026 changes: 29 March 01:00 UTC (GMT to BST) and 25 October 01:00 UTC (BST to GMT).

import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("The school's clock")
struct SchoolTimeTests {
    /// `2026-03-29T06:00:00Z` as a moment.
    static func utc(_ text: String) -> Date {
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let day = CalendarDate(year: digits[0], month: digits[1], day: digits[2])?.dayNumber ?? 0
        return Date(timeIntervalSince1970: TimeInterval(day * 86_400 + digits[3] * 3_600 + digits[4] * 60))
    }

    static func setZone(_ app: Application, _ slug: String, _ zone: String) async throws {
        try await School.query(on: app.db).filter(\.$slug == slug).set(\.$timeZone, to: zone).update()
    }

    /// Runs the due jobs at `moment` and answers when St Cleopas's job of `kind` is next due.
    static func runAndNext(_ app: Application, _ kind: String, at moment: Date) async throws -> Date? {
        let schoolID = try await app.schoolID("st-cleopas")
        _ = try await JobRunner(app: app).runDue(now: { moment })
        return try await Job.query(on: app.db).filter(\.$kind == kind).filter(\.$school.$id == schoolID).first()?.dueAt
    }

    @Test("Policy reminders go at 07:00 London time on both sides of each clock change, and Monday's summary too")
    func morningMailAcrossClockChanges() async throws {
        try await withSteward { app, _ in
            let schoolID = try await app.schoolID("st-cleopas")
            // Set up on the Saturday before the spring change: the first run is Sunday 07:00 BST, 06:00 UTC.
            try await Jobs.ensureRecurring(on: app.db, now: Self.utc("2026-03-28T12:00"))
            let daily = try #require(
                try await Job.query(on: app.db).filter(\.$kind == PolicyReminders.dailyKind)
                    .filter(\.$school.$id == schoolID).first())
            #expect(daily.dueAt == Self.utc("2026-03-29T06:00"))
            let weekly = try #require(
                try await Job.query(on: app.db).filter(\.$kind == PolicyReminders.weeklyKind)
                    .filter(\.$school.$id == schoolID).first())
            #expect(weekly.dueAt == Self.utc("2026-03-30T06:00"))  // Monday 07:00 BST
            // A minute before: nothing of St Cleopas's runs.
            #expect(
                try await Self.runAndNext(app, PolicyReminders.dailyKind, at: Self.utc("2026-03-29T05:59"))
                    == Self.utc("2026-03-29T06:00"))
            // At 07:00 BST it runs, and comes round again at 07:00 BST on Monday.
            #expect(
                try await Self.runAndNext(app, PolicyReminders.dailyKind, at: Self.utc("2026-03-29T06:00"))
                    == Self.utc("2026-03-30T06:00"))
            // The autumn change: Saturday 24 October 07:00 BST is 06:00 UTC; Sunday 25th 07:00 GMT is 07:00 UTC.
            try await Job.query(on: app.db).filter(\.$school.$id == schoolID)
                .set(\.$dueAt, to: Self.utc("2026-10-24T06:00")).update()
            #expect(
                try await Self.runAndNext(app, PolicyReminders.dailyKind, at: Self.utc("2026-10-24T06:00"))
                    == Self.utc("2026-10-25T07:00"))
            #expect(
                try await Self.runAndNext(app, PolicyReminders.dailyKind, at: Self.utc("2026-10-25T07:00"))
                    == Self.utc("2026-10-26T07:00"))
            // The weekly summary, run on Saturday 24 October, next goes on Monday 26 October at 07:00 GMT.
            #expect(
                try await Job.query(on: app.db).filter(\.$kind == PolicyReminders.weeklyKind)
                    .filter(\.$school.$id == schoolID).first()?.dueAt == Self.utc("2026-10-26T07:00"))
        }
    }

    @Test("A school in New York gets its mail at 07:00 New York time; a change of zone moves the next run")
    func anotherZone() async throws {
        try await withSteward { app, _ in
            let schoolID = try await app.schoolID("st-cleopas")
            try await Jobs.ensureRecurring(on: app.db, now: Self.utc("2026-07-01T12:00"))
            let clock = try #require(SchoolClock(identifier: "America/New_York"))
            try await Self.setZone(app, "st-cleopas", "America/New_York")
            try await Jobs.rescheduleSchoolTime(
                schoolID: schoolID, clock: clock, on: app.db, now: Self.utc("2026-07-01T12:00"))
            let daily = try #require(
                try await Job.query(on: app.db).filter(\.$kind == PolicyReminders.dailyKind)
                    .filter(\.$school.$id == schoolID).first())
            #expect(daily.dueAt == Self.utc("2026-07-02T11:00"))  // 07:00 EDT
            // Holy Trinity keeps London: 07:00 BST.
            let other = try await app.schoolID("holy-trinity")
            #expect(
                try await Job.query(on: app.db).filter(\.$kind == PolicyReminders.dailyKind)
                    .filter(\.$school.$id == other).first()?.dueAt == Self.utc("2026-07-02T06:00"))
            #expect(
                try await Self.runAndNext(app, PolicyReminders.dailyKind, at: Self.utc("2026-07-02T11:00"))
                    == Self.utc("2026-07-03T11:00"))
        }
    }

    @Test("A concern reported at 23:30 UTC on 1 July shows as 2 July in London, 1 July in New York; 1 December stays")
    func datesOnPages() async throws {
        try await withSteward { app, demo in
            let caseID = try await app.reportPlainConcern(demo)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            func reported(at moment: Date) async throws -> String {
                try await Case.query(on: app.db).filter(\.$id == caseID).set(\.$createdAt, to: moment).update()
                return try await head.get("/concerns").body
            }
            #expect(try await reported(at: Self.utc("2026-07-01T23:30")).contains("2 July 2026"))
            #expect(try await reported(at: Self.utc("2026-07-01T22:59")).contains("1 July 2026"))
            #expect(try await reported(at: Self.utc("2026-12-01T23:30")).contains("1 December 2026"))
            // Every page says which clock its times are on.
            #expect(try await head.get("/concerns").body.contains("Dates and times are Europe/London ("))
            try await Self.setZone(app, "st-cleopas", "America/New_York")
            let summer = try await reported(at: Self.utc("2026-07-02T03:30"))
            #expect(summer.contains("Dates and times are America/New York ("))
            #expect(summer.contains("1 July 2026"))
            #expect(!summer.contains("2 July 2026"))
        }
    }

    @Test("The audit log shows the school's time and its date filter takes the school's days")
    func auditLogTimes() async throws {
        try await withSteward { app, demo in
            _ = try await app.reportPlainConcern(demo)
            try await app.dropAuditTriggers()
            try await app.sql.raw("UPDATE audit_entries SET occurred_at = '2026-07-01T23:30:05.000Z'").run()
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get("/audit")
            #expect(page.body.contains("2 Jul 2026, 00:30:05"))
            #expect(!page.body.contains(" UTC"))
            // 2 July in London runs from 1 July 23:00 UTC to 2 July 23:00 UTC.
            #expect(try await head.get("/audit?from=2026-07-02&to=2026-07-02").body.contains("00:30:05"))
            #expect(!(try await head.get("/audit?from=2026-07-01&to=2026-07-01").body.contains("00:30:05")))
            try await Self.setZone(app, "st-cleopas", "America/New_York")
            let newYork = try await head.get("/audit?from=2026-07-01&to=2026-07-01")
            #expect(newYork.body.contains("1 Jul 2026, 19:30:05"))
        }
    }

    @Test("A policy published at 23:30 UTC on 1 July is due ten days after 2 July in London, after 1 July in New York")
    func deadlinesFollowTheSchool() async throws {
        try await withSteward { app, demo in
            let schoolID = try await app.schoolID("st-cleopas")
            let headID = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            let bytes = Array("# Mobile Phones\n\n## 1. Scope\n\n- 1.1 Phones stay in lockers.\n".utf8)
            try await AuditLog.write(on: app.db, context: .command("test", app)) { db, audit in
                let (_, version) = try await PolicyLibrary.importDraft(
                    bytes, schoolID: schoolID, policyID: nil, createdBy: headID, on: db, audit: audit)
                try await PolicyLibrary.publish(
                    version, material: true, reason: nil, deadlineDays: 10, audience: Set(PersonKind.allCases),
                    by: headID, on: db, audit: audit, now: Self.utc("2026-07-01T23:30"))
            }
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            #expect(try await teacher.get("/policies").body.contains("due 12 July 2026"))
            try await Self.setZone(app, "st-cleopas", "America/New_York")
            #expect(try await teacher.get("/policies").body.contains("due 11 July 2026"))
        }
    }

    @Test("The command sets only a real zone, says so in the audit log, and refuses the rest changing nothing")
    func command() async throws {
        try await withSteward { app, _ in
            #expect(SchoolClock(identifier: "Europe/Dublin") != nil)
            for bad in ["", "BST", "GMT+1", "Mars/Olympus", "../etc/passwd", String(repeating: "A", count: 300)] {
                #expect(SchoolClock(identifier: bad) == nil, "\(bad)")
            }
            // A stored name Steward does not accept falls back to London rather than failing a page.
            try await Self.setZone(app, "st-cleopas", "Nowhere/Special")
            let school = try #require(try await School.query(on: app.db).filter(\.$slug == "st-cleopas").first())
            #expect(school.clock == .london)
        }
    }

    @Test("An untriaged case is overdue after the school's next working day: London at 23:30 UTC, not yet New York")
    func caseDeadlineOnTheSchoolsClock() async throws {
        try await withSteward { app, demo in
            let caseID = try await app.reportPlainConcern(demo)
            // Reported on Sunday 5 July at 23:30 BST (22:30 UTC): due by the end of Monday, 23:00 UTC.
            try await Case.query(on: app.db).filter(\.$id == caseID)
                .set(\.$createdAt, to: Self.utc("2026-07-05T22:30")).set(
                    \.$lastEntryAt, to: Self.utc("2026-07-05T22:30")
                )
                .update()
            #expect(try await CaseReminders.run(app: app, now: Self.utc("2026-07-06T22:59")) == 0)
            // In New York it was Sunday 18:30: due by the end of Monday there, 04:00 UTC on Tuesday.
            try await Self.setZone(app, "st-cleopas", "America/New_York")
            #expect(try await CaseReminders.run(app: app, now: Self.utc("2026-07-06T23:30")) == 0)
            try await Self.setZone(app, "st-cleopas", "Europe/London")
            #expect(try await CaseReminders.run(app: app, now: Self.utc("2026-07-06T23:30")) == 1)
        }
    }

    @Test("A school added after the runner started gets its own morning jobs from the next daily purge")
    func newSchoolGetsItsJobs() async throws {
        try await withSteward { app, _ in
            try await Jobs.ensureRecurring(on: app.db)
            let trust = try #require(try await School.query(on: app.db).filter(\.$slug == "st-cleopas").first())
            let school = School(
                trustID: trust.$trust.id, name: "St Aidan's", slug: "st-aidans", timeZone: "Europe/Dublin")
            try await school.create(on: app.db)
            let id = try school.requireID()
            #expect(try await Job.query(on: app.db).filter(\.$school.$id == id).count() == 0)
            try await Maintenance.purge(app: app)
            let jobs = try await Job.query(on: app.db).filter(\.$school.$id == id).all()
            #expect(
                Set(jobs.map(\.kind)) == [
                    PolicyReminders.dailyKind, PolicyReminders.weeklyKind, SelfCheckReminders.dailyKind,
                    DeclarationReminders.kind, RecordsPurge.kind,
                ])
        }
    }
}
