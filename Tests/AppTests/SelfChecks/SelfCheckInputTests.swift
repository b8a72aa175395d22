// Bad input to the check (issue 14, item 5): a closed term, a term that is not the open one, answers outside the
// list, unknown platforms, missing answers, hostile text, a second check in a term. Each: a clear message on the
// form (400), nothing written, never a 500.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Privacy self-check: bad input")
struct SelfCheckInputTests {
    struct Case: Sendable {
        var name: String
        var fields: [(String, String)]
        var term: String?
        var message: String
    }

    static func counts(_ app: Application) async throws -> [Int] {
        [
            try await app.count("self_checks"), try await app.count("self_check_help"),
            try await app.count("outbox_messages"),
        ]
    }

    @Test("Each bad check answers 400 with its message and writes nothing")
    func badInputTable() async throws {
        try await withSteward { app, demo in
            try await SelfCheckFixture.reset(app)
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            let (page, term) = try await SelfCheckFixture.questions(ta, platforms: ["facebook"])
            #expect(!term.isEmpty)
            let good = SelfCheckFixture.fields(platforms: ["facebook"])
            let cases: [Case] = [
                Case(
                    name: "a term that is not the open one", fields: good, term: "12345",
                    message: "not open now"),
                Case(name: "no term named", fields: good, term: "", message: "not open now"),
                Case(
                    name: "an answer outside the list",
                    fields: SelfCheckFixture.fields(
                        platforms: ["facebook"], override: ["answers[facebook][private]": "maybe"]),
                    term: term, message: "must be done, not applicable or I need help"),
                Case(
                    name: "an unknown platform", fields: SelfCheckFixture.fields(platforms: ["myspace"]), term: term,
                    message: "not on the list"),
                Case(
                    name: "a missing answer",
                    fields: good.filter { $0.0 != "answers[facebook][reviewed]" }, term: term,
                    message: "I have reviewed my friend list this term"),
                Case(
                    name: "answers for a platform not chosen",
                    fields: good + [("answers[tiktok][private]", "done")], term: term,
                    message: "Answers were sent for a platform you did not choose"),
                Case(
                    name: "platforms and none together", fields: good + [("none", "1")], term: term,
                    message: "not both"),
                Case(
                    name: "nothing chosen", fields: [("contacted", "no")], term: term, message: "Choose the platforms"),
                Case(
                    name: "no answer to the contact question",
                    fields: SelfCheckFixture.fields(platforms: ["facebook"], contacted: nil), term: term,
                    message: "contacted you on social media since your last check"),
                Case(
                    name: "a contact answer outside yes and no",
                    fields: SelfCheckFixture.fields(platforms: ["facebook"], contacted: "maybe"), term: term,
                    message: "contacted you on social media since your last check"),
                Case(
                    name: "a note with a reversing character",
                    fields: SelfCheckFixture.fields(platforms: ["facebook"], note: "fine\u{202E}txt.exe"), term: term,
                    message: "invisible or control character"),
                Case(
                    name: "a note with a control character",
                    fields: SelfCheckFixture.fields(platforms: ["facebook"], note: "a\u{0007}b"), term: term,
                    message: "invisible or control character"),
                Case(
                    name: "a note far too long",
                    fields: SelfCheckFixture.fields(
                        platforms: ["facebook"], note: String(repeating: "x", count: 1_001)),
                    term: term, message: "1000 characters or fewer"),
                Case(
                    name: "answers in the wrong shape", fields: [("answers", "done"), ("contacted", "no")], term: term,
                    message: "Choose the platforms"),
            ]
            let before = try await Self.counts(app)
            for item in cases {
                var fields = item.fields
                if let term = item.term { fields.append(("term", term)) }
                let reply = try await ta.post("/self-checks", fields, csrf: page.csrf)
                #expect(reply.status == .badRequest, "\(item.name): \(reply.status.code)")
                #expect(reply.body.contains(item.message), "\(item.name): no message")
                #expect(reply.body.contains("error-summary"), "\(item.name): no summary")
                #expect(try await Self.counts(app) == before, "\(item.name) wrote something")
            }
        }
    }

    @Test("No term open today: the form says so and nothing is written; before the first term there is none")
    func closedTerm() async throws {
        try await withSteward { app, demo in
            let today = Display.today
            // The only term ended yesterday.
            try await SelfCheckFixture.reset(
                app,
                terms: [SchoolTerm(name: "Last term", starts: today.adding(days: -60), ends: today.adding(days: -1))])
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            let start = try await ta.get("/self-checks/new")
            #expect(start.status == .ok)
            #expect(start.body.contains("No term is open today"))
            #expect(!start.body.contains("name=\"platforms[]\""))
            let before = try await Self.counts(app)
            let reply = try await ta.post(
                "/self-checks",
                [("term", String(today.adding(days: -60).dayNumber))]
                    + SelfCheckFixture.fields(platforms: ["facebook"]), csrfFrom: "/self-checks")
            #expect(reply.status == .badRequest)
            #expect(reply.body.contains("No term is open today"))
            #expect(try await Self.counts(app) == before)
            // The API says the same, as JSON.
            let token = try await app.apiToken(for: demo.account("st-cleopas", "ta").email)
            let api = try await Browser(app).request(
                .POST, "/api/v1/self-checks", headers: ["Authorization": "Bearer \(token)"],
                body: #"{"platforms":[],"contacted":false}"#, contentType: "application/json")
            #expect(api.status == .unprocessableEntity)
            #expect(api.body.contains("No term is open today"))
            #expect(try await Self.counts(app) == before)
        }
    }

    @Test("A second check in the same term is refused with a clear message; the first stands; hostile text is escaped")
    func oncePerTerm() async throws {
        try await withSteward { app, demo in
            try await SelfCheckFixture.reset(app)
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            let first = try await SelfCheckFixture.complete(
                ta, platforms: ["facebook"], note: "<script>alert(1)</script>")
            #expect(first.status == .seeOther)
            #expect(first.location == "/self-checks?done=completed")
            let before = try await Self.counts(app)
            // The form can no longer be opened, and a form kept open from before is refused.
            let again = try await ta.get("/self-checks/new")
            #expect(again.body.contains("You completed"))
            let reply = try await ta.post(
                "/self-checks",
                [("term", String(SelfCheckFixture.round()))] + SelfCheckFixture.fields(platforms: []),
                csrfFrom: "/self-checks")
            #expect(reply.status == .badRequest)
            #expect(reply.body.contains("You completed"))
            #expect(try await Self.counts(app) == before)
            let check = try #require(try await SelfCheck.query(on: app.db).first())
            #expect(check.platformKeys == ["facebook"])
            let shown = try await ta.get("/self-checks/\(try check.requireID())")
            #expect(shown.status == .ok)
            #expect(!shown.body.contains("<script>alert(1)</script>"))
            #expect(shown.body.contains("&lt;script&gt;"))
            // The same through the API: 409, nothing written.
            let token = try await app.apiToken(for: demo.account("st-cleopas", "ta").email)
            let api = try await Browser(app).request(
                .POST, "/api/v1/self-checks", headers: ["Authorization": "Bearer \(token)"],
                body: #"{"platforms":[],"contacted":false}"#, contentType: "application/json")
            #expect(api.status == .conflict)
            #expect(try await Self.counts(app) == before)
        }
    }
}
