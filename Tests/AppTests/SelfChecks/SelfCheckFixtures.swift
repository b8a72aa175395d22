// What the privacy self-check tests share: a clean St Cleopas with terms set around a given day, the check's fields
// as a browser sends them, and a check taken through both steps of the form.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

enum SelfCheckFixture {
    static let items = ["private", "employer", "connections", "photos", "reviewed"]

    /// Removes the demo's checks and requests, and gives St Cleopas one term from `today - 30` to `today + 30` (or
    /// `terms`), with `deadlineDays` (21 unless given) and the default lead. Answers the school's id.
    @discardableResult
    static func reset(
        _ app: Application, today: CalendarDate = Display.today, terms: [SchoolTerm]? = nil, deadlineDays: Int = 21,
        lead: UUID? = nil
    ) async throws -> UUID {
        let schoolID = try await app.schoolID("st-cleopas")
        try await SelfCheckHelp.query(on: app.db).delete()
        try await SelfCheck.query(on: app.db).delete()
        let list =
            terms ?? [SchoolTerm(name: "This term", starts: today.adding(days: -30), ends: today.adding(days: 30))]
        let settings = try await SelfCheckSettings.of(schoolID, on: app.db)
        settings.setTerms(try SchoolTerms(list))
        settings.deadlineDays = deadlineDays
        settings.leadID = lead
        try await settings.save(on: app.db)
        return schoolID
    }

    /// The fields of a check: every item answered `done` for `platforms`, except `help` answered "I need help".
    static func fields(
        platforms: [String], help: [(String, String)] = [], contacted: String? = "no", note: String = "",
        override: [String: String] = [:]
    ) -> [(String, String)] {
        var fields: [(String, String)] = platforms.isEmpty ? [("none", "1")] : platforms.map { ("platforms[]", $0) }
        for platform in platforms {
            for item in items {
                let key = "answers[\(platform)][\(item)]"
                let answer = help.contains { $0.0 == platform && $0.1 == item } ? "help" : "done"
                fields.append((key, override[key] ?? answer))
            }
        }
        if let contacted { fields.append(("contacted", contacted)) }
        fields.append(("note", note))
        return fields
    }

    /// Opens step 2 for `platforms` (step 1's GET form) and answers the page, with its form token and term.
    static func questions(_ browser: Browser, platforms: [String]) async throws -> (page: Reply, term: String) {
        let query =
            platforms.isEmpty ? "none=1" : platforms.map { "platforms%5B%5D=\($0)" }.joined(separator: "&")
        let page = try await browser.get("/self-checks/new?step=questions&" + query)
        let term = Reply.firstMatch(#"name="term" value="([^"]*)""#, in: page.body) ?? ""
        return (page, term)
    }

    /// Completes a check through both steps, as a browser would; answers the reply to the POST.
    @discardableResult
    static func complete(
        _ browser: Browser, platforms: [String], help: [(String, String)] = [], contacted: String = "no",
        note: String = ""
    ) async throws -> Reply {
        let (page, term) = try await questions(browser, platforms: platforms)
        #expect(page.status == .ok, "step 2: \(page.status)")
        return try await browser.post(
            "/self-checks",
            [("term", term)] + fields(platforms: platforms, help: help, contacted: contacted, note: note),
            csrf: page.csrf)
    }

    /// A check written straight to the database for `local` in St Cleopas's round `round`.
    @discardableResult
    static func insert(
        _ app: Application, _ demo: Demo, _ local: String, round: Int, contacted: Bool = false,
        help: Bool = false
    ) async throws -> SelfCheck {
        let schoolID = try await app.schoolID("st-cleopas")
        let personID = try await app.personID(demo.account("st-cleopas", local).email)
        let answers = SelfCheckItem.allCases.map {
            SelfCheckAnswer(platform: "facebook", item: $0, answer: help && $0 == .photos ? .help : .done)
        }
        let check = SelfCheck(
            schoolID: schoolID, personID: personID, round: round, termName: "This term", platforms: ["facebook"],
            answers: answers, contacted: contacted, note: "")
        try await check.create(on: app.db)
        if help {
            try await SelfCheckHelp(
                schoolID: schoolID, checkID: try check.requireID(), personID: personID,
                leadID: try await app.personID(demo.account("st-cleopas", "dsl").email),
                items: answers.filter { $0.answer == .help }
            ).create(on: app.db)
        }
        return check
    }

    /// The round of the term `reset` makes around `today`.
    static func round(around today: CalendarDate = Display.today) -> Int { today.adding(days: -30).dayNumber }

    /// 07:00 UTC on `day`, for reminders run on an injected day.
    static func morning(_ day: CalendarDate) -> Date {
        Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400 + 25_200)
    }
}
