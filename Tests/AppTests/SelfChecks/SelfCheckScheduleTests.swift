// The term boundary and the reminders (issue 14, items 5 and 7), on injected days: a check is open from a term's
// first day to its last, not the day after, and there is none before the first term; reminders go once three days
// before the deadline, weekly once overdue, and to the line manager at two weeks overdue, only while a term is open.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Privacy self-check: terms and reminders")
struct SelfCheckScheduleTests {
    static func day(_ text: String) throws -> CalendarDate { try #require(CalendarDate(parsing: text)) }

    static let spring = [
        ("Spring 2030", "2030-01-07", "2030-03-29"), ("Summer 2030", "2030-04-22", "2030-07-19"),
    ]

    static func terms() throws -> [SchoolTerm] {
        try spring.map { SchoolTerm(name: $0.0, starts: try day($0.1), ends: try day($0.2)) }
    }

    @Test("Open on the last day of term, closed the day after, none before the first term")
    func termBoundary() async throws {
        try await withSteward { app, _ in
            let schoolID = try await SelfCheckFixture.reset(app, terms: try Self.terms())
            let settings = try await SelfCheckSettings.of(schoolID, on: app.db)
            let known = app.steward.platforms
            func attempt(on text: String) throws -> Result<SelfCheckForm.Valid, InvalidInput> {
                let today = try Self.day(text)
                let open = settings.openTerm(on: today).map { (term: $0, round: $0.starts.dayNumber) }
                let form = SelfCheckForm(
                    term: String(try Self.day("2030-01-07").dayNumber), platforms: [], none: "1", answers: nil,
                    contacted: "no", note: nil)
                return form.validate(known: known, open: open)
            }
            #expect(settings.openTerm(on: try Self.day("2030-01-07"))?.name == "Spring 2030")
            #expect(settings.openTerm(on: try Self.day("2030-03-29"))?.name == "Spring 2030")
            #expect(settings.openTerm(on: try Self.day("2030-03-30")) == nil)
            #expect(settings.openTerm(on: try Self.day("2030-01-06")) == nil)
            #expect(settings.round(on: try Self.day("2030-01-06")) == nil)
            if case .success(let valid) = try attempt(on: "2030-03-29") {
                #expect(valid.termName == "Spring 2030")
            } else {
                Issue.record("the last day of term refused the check")
            }
            for closed in ["2030-03-30", "2030-01-06", "2029-12-01"] {
                guard case .failure(let invalid) = try attempt(on: closed) else {
                    Issue.record("\(closed) accepted a check")
                    continue
                }
                #expect(invalid.errors.map(\.field) == ["term"], "\(closed)")
                #expect(invalid.errors.first?.message.contains("No term is open today") == true)
            }
            // In summer, spring's form names a term that is no longer the open one.
            guard case .failure(let stale) = try attempt(on: "2030-04-22") else {
                Issue.record("spring's check accepted in summer")
                return
            }
            #expect(stale.errors.first?.message.contains("not open now") == true)
            // Reminders are not sent in the holiday, nor before the first term.
            for holiday in ["2030-04-01", "2030-01-01"] {
                let sent = try await SelfCheckReminders.run(
                    app: app, schoolID: schoolID, today: try Self.day(holiday),
                    now: SelfCheckFixture.morning(try Self.day(holiday)))
                #expect(sent == 0, "\(holiday)")
            }
        }
    }

    @Test("Before the deadline once, weekly once overdue, the line manager once at fourteen days")
    func reminders() async throws {
        try await withSteward { app, demo in
            // Spring opens 7 January 2030; 21 days: due by 28 January.
            let schoolID = try await SelfCheckFixture.reset(app, terms: try Self.terms())
            let round = try Self.day("2030-01-07").dayNumber
            // The teacher has done it: seven of St Cleopas's eight staff are outstanding.
            try await SelfCheckFixture.insert(app, demo, "teacher", round: round)
            func run(_ text: String, hoursLater: Double = 0) async throws -> Int {
                let today = try Self.day(text)
                return try await SelfCheckReminders.run(
                    app: app, schoolID: schoolID, today: today,
                    now: SelfCheckFixture.morning(today).addingTimeInterval(hoursLater * 3_600))
            }
            func sent(_ kind: String) async throws -> [ObligationReminder] {
                try await ObligationReminder.query(on: app.db).filter(\.$obligation == "self-check")
                    .filter(\.$kind == kind).all()
            }
            #expect(try await run("2030-01-20") == 0)  // eight days before: nothing yet
            #expect(try await run("2030-01-25") == 7)  // three days before: once each
            #expect(try await run("2030-01-26") == 0)
            #expect(try await sent("before-deadline").count == 7)
            #expect(try await run("2030-01-29") == 7)  // a day overdue
            #expect(try await run("2030-02-01") == 0)  // within the week
            #expect(try await run("2030-02-05") == 7)  // a week on
            // Fourteen days overdue (11 February): the weekly reminder is not yet due (last 5 February), but each
            // line manager is told once about each person they manage who is outstanding.
            #expect(try await run("2030-02-11") == 6)
            #expect(try await run("2030-02-12") == 7)  // the next weekly round; no second line-manager mail
            #expect(try await sent("line-manager").count == 6)
            // The outbox agrees: the TA's line manager was told, with the wording of the issue.
            let manager = demo.account("st-cleopas", "manager").email
            let toManager = try await OutboxMessage.query(on: app.db).filter(\.$recipient == manager)
                .filter(\.$kind == "self_check_reminder").all()
            #expect(toManager.contains { $0.subject == "Someone you manage is two weeks overdue" })
            let toTA = try await OutboxMessage.query(on: app.db)
                .filter(\.$recipient == demo.account("st-cleopas", "ta").email).all()
            #expect(toTA.count == 4)
            #expect(toTA.allSatisfy { $0.body.contains("complete this term's privacy check") })
            #expect(toTA.allSatisfy { $0.body.contains("http://127.0.0.1:8080/self-checks") })
            // The teacher, who had done it, got nothing; governors are never asked.
            for local in ["teacher", "governor", "chair"] {
                let mail = try await OutboxMessage.query(on: app.db)
                    .filter(\.$recipient == demo.account("st-cleopas", local).email)
                    .filter(\.$kind == "self_check_reminder").count()
                #expect(mail == 0, "\(local)")
            }
        }
    }

    @Test("The daily job is registered at 07:00 school time and runs for its school")
    func job() throws {
        let job = try #require(Features.recurringJobs.first { $0.kind == "self_checks.reminders" })
        guard case .schoolTime(let hour, let weekday) = job.schedule else {
            Issue.record("not a school-time job")
            return
        }
        #expect(hour == 7)
        #expect(weekday == nil)
    }
}
