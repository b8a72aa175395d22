// Issue 19, item 9: figures on a phone. Every figures page keeps its figures as a table (scrolling inside its frame),
// words them neutrally, and has a period (dates, a term or a year) and a spreadsheet of the same figures.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Figures pages: periods, spreadsheets, tables")
struct FiguresPagesTests {
    static func figurePages(_ app: Application) async throws -> [String] {
        let policy = try await app.stCleopasPolicy()
        return [
            "/concerns/figures", "/self-checks/coverage", "/declarations/coverage",
            "/policies/\(try policy.requireID())/coverage",
        ]
    }

    @Test("Each figures page, for governors and the headteacher: a table that scrolls, a period, a spreadsheet")
    func everyPage() async throws {
        try await withSteward { app, demo in
            for local in ["governor", "chair", "headteacher"] {
                let browser = try await Browser.signedIn(app, as: demo.account("st-cleopas", local).email)
                for path in try await Self.figurePages(app) {
                    let page = try await browser.get(path)
                    #expect(page.status == .ok, "\(local) \(path)")
                    #expect(page.body.contains(#"<div class="table-scroll" role="region""#), "\(local) \(path)")
                    #expect(page.body.contains(#"<table class="figures">"#), "\(local) \(path)")
                    #expect(page.body.contains(#"<form method="get" class="period-form""#), "\(local) \(path)")
                    let csv = try #require(
                        Reply.firstMatch(#"<a href="([^"]+)" download>Download these figures"#, in: page.body),
                        "\(local) \(path)")
                    let file = try await browser.get(csv.replacingOccurrences(of: "&amp;", with: "&"))
                    #expect(file.status == .ok, "\(local) \(csv)")
                    #expect(file.headers.contentType?.subType == "csv", "\(local) \(csv)")
                    #expect(!file.body.contains("@"), "figures only, no addresses: \(csv)")
                }
            }
            // A teacher has no figures pages, nor their spreadsheets.
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            for path in try await Self.figurePages(app) {
                #expect(try await teacher.get(path).status == .forbidden, "\(path)")
                #expect(
                    try await teacher.get(path.replacingOccurrences(of: "coverage", with: "coverage.csv")).status
                        == .forbidden || path.hasPrefix("/policies"), "\(path)")
            }
            #expect(try await teacher.get("/concerns/figures.csv").status == .forbidden)
        }
    }

    @Test("Concerns counted in a period, both edges of each end, neutrally worded, the spreadsheet the same")
    func concernPeriod() async throws {
        try await withSteward { app, demo in
            let school = try await app.schoolID("st-cleopas")
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let clock = Display.clock
            // Periods are whole months: the edges are the first and last days of October, whatever days are asked.
            let first = try #require(CalendarDate(year: 2026, month: 10, day: 1))
            let last = try #require(CalendarDate(year: 2026, month: 10, day: 31))
            let moments = [
                clock.startOfDay(first).addingTimeInterval(-1),  // out: the evening before
                clock.startOfDay(first),  // in
                clock.endOfDay(last).addingTimeInterval(-1),  // in
                clock.endOfDay(last),  // out: midnight after
            ]
            for moment in moments {
                let item = try await HomeWorkTests.makeCase(
                    app, school: school, reporter: teacher, state: .triage, reported: 1, lastEntry: 1, text: "x")
                item.createdAt = moment
                item.category = .contactFromPupilOrFamily
                try await item.update(on: app.db)
            }
            let governor = try await Browser.signedIn(app, as: demo.account("st-cleopas", "governor").email)
            let all = try await governor.get("/concerns/figures")
            #expect(all.body.contains(#"data-total="4""#))
            for query in [
                "from=2026-10-05&to=2026-10-09", "from=2026-10-01&to=2026-10-31", "from=2026-10-31&to=2026-10-31",
            ] {
                let period = try await governor.get("/concerns/figures?\(query)")
                #expect(period.body.contains(#"data-total="2""#), "\(query)")
                #expect(period.body.contains("reported from 1 October 2026 to 31 October 2026"), "\(query)")
            }
            // A single day cannot be singled out by comparing neighbouring periods: both give the whole month.
            let day = try await governor.get("/concerns/figures.csv?from=2026-10-01&to=2026-10-01")
            let nextDay = try await governor.get("/concerns/figures.csv?from=2026-10-02&to=2026-10-02")
            #expect(day.body == nextDay.body)
            let period = try await governor.get("/concerns/figures?from=2026-10-05&to=2026-10-09")
            #expect(period.body.contains("Contact from a pupil or family") && !period.body.contains("contacted me"))
            // People write dates either way.
            let uk = try await governor.get("/concerns/figures?from=5/10/2026&to=9/10/2026")
            #expect(uk.body.contains(#"data-total="2""#))
            let csv = try await governor.get("/concerns/figures.csv?from=2026-10-05&to=2026-10-09")
            #expect(csv.body.contains("Contact from a pupil or family,0,2,0,0,0,0,2"))
            // The file says which period it counts.
            #expect(
                csv.headers.first(name: .contentDisposition)
                    == "attachment; filename=\"concern-figures-2026-10-01-to-2026-10-31.csv\"")
            for (query, message) in [
                ("from=yesterday", "Enter the first day as a date"), ("to=2026-02-30", "Enter the last day as a date"),
                ("from=2026-10-09&to=2026-10-05", "The last day cannot be before the first."),
            ] {
                let bad = try await governor.get("/concerns/figures?\(query)")
                #expect(bad.status == .badRequest && bad.body.contains(message), "\(query)")
                #expect(try await governor.get("/concerns/figures.csv?\(query)").status == .badRequest, "\(query)")
            }
        }
    }

    @Test("A policy's figures as they stood on a day: later acknowledgements not counted; a future day refused")
    func policyOnADay() async throws {
        try await withSteward { app, demo in
            let policy = try await app.stCleopasPolicy()
            let id = try policy.requireID()
            let governor = try await Browser.signedIn(app, as: demo.account("st-cleopas", "governor").email)
            func acknowledged(_ query: String) async throws -> Int? {
                let csv = try await governor.get("/policies/\(id)/figures.csv\(query)")
                return Reply.firstMatch(#"Everyone,\d+,(\d+),"#, in: csv.body).flatMap { Int($0) }
            }
            let yesterday = "?on=\(Display.today.adding(days: -1).description)"
            let (before, beforeThen) = (try await acknowledged(""), try await acknowledged(yesterday))
            // The teacher, who had not read it, acknowledges it now: today's figure moves, yesterday's does not.
            let teacher = try #require(
                try await Person.query(on: app.db).filter(\.$email == demo.account("st-cleopas", "teacher").email)
                    .first())
            #expect(
                try await PolicyAcknowledgement.query(on: app.db).filter(\.$person.$id == (try teacher.requireID()))
                    .count() == 0)
            let version = try #require(try await PolicyVersion.find(policy.currentVersionID, on: app.db))
            try await AuditLog.write(on: app.db, context: .command("test", app)) { db, audit in
                _ = try await PolicyLibrary.acknowledge(
                    version, person: teacher, method: "page", address: "192.0.2.1", userAgent: nil,
                    answers: version.questions.map(\.answer), on: db, audit: audit)
            }
            #expect(try await acknowledged("") == before.map { $0 + 1 })
            #expect(try await acknowledged(yesterday) == beforeThen)
            let future = try await governor.get("/policies/\(id)/coverage?on=\(Display.today.adding(days: 1))")
            #expect(future.status == .badRequest && future.body.contains("Choose today or a day before it."))
            // Before the policy existed there is nothing to count: said, not shown as "0 asked, 100%".
            let tooEarly = try await governor.get("/policies/\(id)/coverage?on=2020-01-01")
            #expect(tooEarly.status == .badRequest && tooEarly.body.contains("when the policy was first published"))
            #expect(try await governor.get("/policies/\(id)/figures.csv?on=2020-01-01").status == .badRequest)
        }
    }

    @Test("Declarations by year: last year's figures stand on 31 December, without this year's confirmations")
    func declarationYear() async throws {
        try await withSteward { app, demo in
            let school = try await app.schoolID("st-cleopas")
            let governor = try await Browser.signedIn(app, as: demo.account("st-cleopas", "governor").email)
            let thisYear = Display.today.year
            func confirmed(_ year: Int) async throws -> Int? {
                let csv = try await governor.get("/declarations/coverage.csv?year=\(year)")
                return Reply.firstMatch(#"Everyone,\d+,(\d+),"#, in: csv.body).flatMap { Int($0) }
            }
            let then = try await confirmed(thisYear - 1)
            let ta = try await app.personID(demo.account("st-cleopas", "ta").email)
            try await DeclarationConfirmation.query(on: app.db).filter(\.$personID == ta).delete()
            // Confirming last year's round today: it counts for this year's figures (a later confirmation meets an
            // earlier round), never for last year's as they stood on 31 December.
            try await DeclarationConfirmation(
                schoolID: school, personID: ta, year: thisYear - 1, nilReturn: true, openCount: 0
            ).create(on: app.db)
            #expect(try await confirmed(thisYear - 1) == then)
            let file = try await governor.get("/declarations/coverage.csv?year=\(thisYear - 1)")
            #expect(
                file.headers.first(name: .contentDisposition)
                    == "attachment; filename=\"declarations-\(thisYear - 1)-as-of-\(thisYear - 1)-12-31.csv\"")
            let page = try await governor.get("/declarations/coverage?year=\(thisYear - 1)")
            #expect(page.body.contains("Declarations confirmed in \(thisYear - 1)"))
            #expect(page.body.contains("as they stood on 31 December"))
            #expect(page.body.contains(#"<option value="\#(thisYear - 1)" selected>"#))
            // A year in the future, or nonsense, shows this year.
            for year in ["\(thisYear + 1)", "abc", "-1"] {
                let shown = try await governor.get("/declarations/coverage?year=\(year)")
                #expect(shown.status == .ok && shown.body.contains("Declarations confirmed in \(thisYear)"), "\(year)")
            }
        }
    }
}
