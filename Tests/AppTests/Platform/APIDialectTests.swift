// The API speaks one dialect (issue 12, item 6): every field of every answer, at every depth, is camelCase, from
// every route of the API with real records; and no API handler answers with a page's view model.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("The API's one dialect")
struct APIDialectTests {
    /// Every key of a JSON value, at every depth.
    static func keys(_ value: Any) -> [String] {
        if let object = value as? [String: Any] {
            return object.keys.sorted() + object.values.flatMap { keys($0) }
        }
        if let array = value as? [Any] { return array.flatMap { keys($0) } }
        return []
    }

    static func isCamelCase(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, CharacterSet.lowercaseLetters.contains(first) else { return false }
        return key.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) }
    }

    @Test("The camelCase rule itself: what it accepts and refuses")
    func ruleEdges() {
        for good in ["id", "whatHappened", "policyID", "version2"] { #expect(Self.isCamelCase(good), "\(good)") }
        for bad in ["what_happened", "WhatHappened", "policy-id", "", "_id", "a b"] {
            #expect(!Self.isCamelCase(bad), "\(bad)")
        }
    }

    @Test("Every answer of every API route, with real St Cleopas records, has camelCase keys only")
    func everyAnswerCamelCase() async throws {
        try await withSteward { app, demo in
            let caseID = try await app.reportPlainConcern(demo)
            let head = demo.account("st-cleopas", "headteacher").email
            let token = try await app.apiToken(for: head, scopes: [.basic, .cases])
            let policy = try #require(
                try await Policy.query(on: app.db).inSchool(try await app.schoolID("st-cleopas")).first())
            // A demo draft waiting for approval, which the headteacher may see.
            let draft = try #require(
                try await Draft.query(on: app.db).inSchool(try await app.schoolID("st-cleopas"))
                    .filter(\.$state == .awaitingApproval).first())
            // A demo declaration, which the headteacher may see.
            let declaration = try #require(
                try await Declaration.query(on: app.db).inSchool(try await app.schoolID("st-cleopas")).first())
            // A report for governors, started and published through the pages.
            let browser = try await Browser.signedIn(app, as: head)
            let today = Display.today
            let started = try await browser.post(
                "/reports",
                [("term", "custom"), ("from", today.adding(days: -30).description), ("to", today.description)],
                csrfFrom: "/reports/new")
            let report = try #require(started.location)
            #expect(try await browser.post(report + "/publish", [], csrfFrom: report).status == .seeOther)
            let ids = [
                "reportID": String(report.split(separator: "/").last ?? ""),
                "declarationID": try declaration.requireID().uuidString,
                "caseID": caseID.uuidString, "policyID": try policy.requireID().uuidString,
                "draftID": try draft.requireID().uuidString,
                "personID": try await app.personID(demo.account("st-cleopas", "teacher").email).uuidString,
            ]
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: token)
            var answers: [(String, String)] = []
            // The contract's keys are OpenAPI's ("application/json", "$ref", "200"); the fields it names are checked
            // by `OpenAPIContractTests`.
            let routes = app.routes.all.filter {
                $0.method == .GET && $0.path.first?.description == "api" && $0.stewardAction != .readAPIContract
            }
            #expect(routes.count >= 7)
            for route in routes {
                let path = route.filled(ids)
                let reply = try await Browser(app).get(path, headers: headers)
                #expect(reply.status == .ok, "\(path) → \(reply.status.code)")
                answers.append((path, reply.body))
            }
            // Writes answer in the same dialect, and so do refusals.
            let created = try await Browser(app).request(
                .POST, "/api/v1/concerns", headers: headers,
                body: #"{"category":"other","whatHappened":"x","platform":"Email","involved":"unknown"}"#,
                contentType: "application/json")
            #expect(created.status == .created)
            answers.append(("POST /api/v1/concerns", created.body))
            let refused = try await Browser(app).request(
                .POST, "/api/v1/concerns", headers: headers, body: #"{"category":"other"}"#,
                contentType: "application/json")
            answers.append(("POST /api/v1/concerns (refused)", refused.body))
            let screened = try await Browser(app).request(
                .POST, "/api/v1/screen", headers: headers, body: #"{"text":"Well done Oliver Bennett!"}"#,
                contentType: "application/json")
            #expect(screened.status == .ok)
            #expect(screened.body.contains("pupil-name"))
            answers.append(("POST /api/v1/screen", screened.body))
            // The privacy check: the school's figures, a check completed by the TA, and one refused.
            answers.append(
                (
                    "GET /api/v1/self-checks?scope=school",
                    try await Browser(app).get("/api/v1/self-checks?scope=school", headers: headers).body
                ))
            var taHeaders = HTTPHeaders()
            taHeaders.bearerAuthorization = .init(
                token: try await app.apiToken(for: demo.account("st-cleopas", "ta").email))
            let completed = try await Browser(app).request(
                .POST, "/api/v1/self-checks", headers: taHeaders,
                body: #"{"platforms":[],"contacted":true,"note":""}"#, contentType: "application/json")
            #expect(completed.status == .created)
            answers.append(("POST /api/v1/self-checks", completed.body))
            answers.append(
                (
                    "GET /api/v1/self-checks (TA)",
                    try await Browser(app).get("/api/v1/self-checks", headers: taHeaders).body
                ))
            let again = try await Browser(app).request(
                .POST, "/api/v1/self-checks", headers: taHeaders, body: #"{"platforms":["myspace"]}"#,
                contentType: "application/json")
            #expect(again.status == .unprocessableEntity)
            answers.append(("POST /api/v1/self-checks (refused)", again.body))
            answers.append(
                ("GET /api/v1/nothing", try await Browser(app).get("/api/v1/policies/x", headers: headers).body))
            var checked = 0
            for (path, body) in answers {
                let json = try JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])
                for key in Self.keys(json) {
                    #expect(Self.isCamelCase(key), "\(path) answers a field '\(key)'")
                    checked += 1
                }
            }
            #expect(checked > 60)
        }
    }
}
