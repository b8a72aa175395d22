// A concern about the headteacher leaves no trace that the headteacher, or a trust administrator, can reach: not in
// the audit log, the outbox, the figures, the API, or any page (issue 10, item 1).

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Side doors around a confidential case")
struct SideDoorTests {
    static let evidenceName = "canary-screenshot-QX7.png"
    static let referral = "LADO-CANARY-4471"

    /// Every GET page and API answer, with route parameters filled from `ids` (a random id otherwise), plus the
    /// filtered views of the audit log and the outbox.
    static func walk(
        _ app: Application, as browser: Browser, token: String, ids: [String: String]
    ) async throws -> [String: String] {
        var bodies: [String: String] = [:]
        var paths: [String] = ["/audit?action=case", "/audit?action=mail", "/outbox?show=all", "/outbox?show=waiting"]
        for route in app.routes.all where route.method == .GET {
            paths.append(route.filled(ids))
        }
        paths.append("/api/v1/concerns?state=new")
        paths.append("/api/v1/concerns?state=triage")
        for path in paths {
            var headers = HTTPHeaders()
            if path.hasPrefix("/api/") { headers.bearerAuthorization = .init(token: token) }
            bodies[path] = try await browser.get(path, headers: headers).body
        }
        return bodies
    }

    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    static func figuresTotal(_ browser: Browser) async throws -> Int? {
        let page = try await browser.get("/concerns/figures")
        return Reply.firstMatch(#"data-total="(\d+)""#, in: page.body).flatMap(Int.init)
    }

    @Test("A concern about the headteacher leaves no trace the headteacher or a trust administrator can reach")
    func aboutTheHeadteacher() async throws {
        try await withSteward { app, demo in
            let teacherEmail = demo.account("st-cleopas", "teacher").email
            let reporter = try #require(try await Person.query(on: app.db).filter(\.$email == teacherEmail).first())
            let headEmail = demo.account("st-cleopas", "headteacher").email
            let head = try await Browser.signedIn(app, as: headEmail)
            let trust = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let chair = try await Browser.signedIn(app, as: demo.account("st-cleopas", "chair").email)
            let governor = try await Browser.signedIn(app, as: demo.account("st-cleopas", "governor").email)
            let watchers: [(String, Browser, String)] = [
                ("headteacher", head, try await app.apiToken(for: headEmail, scopes: [.basic, .cases])),
                (
                    "trust administrator", trust,
                    try await app.apiToken(for: demo.trustAdmin.email, scopes: [.basic, .cases])
                ),
            ]
            let policyID = try #require(try await Policy.query(on: app.db).first()?.id).uuidString
            var ids = ["personID": try reporter.requireID().uuidString, "policyID": policyID]
            var before: [String: [String: String]] = [:]
            for (name, browser, token) in watchers {
                before[name] = try await Self.walk(app, as: browser, token: token, ids: ids)
            }
            let headFigures = try await Self.figuresTotal(head)
            let chairFigures = try await Self.figuresTotal(chair)
            let governorFigures = try await Self.figuresTotal(governor)

            // A teacher reports the headteacher, with a screenshot; the chair handles it.
            let teacher = try await Browser.signedIn(app, as: teacherEmail)
            let form = try await teacher.get("/concerns/new")
            let sent = try await teacher.postMultipart(
                "/concerns", csrf: form.csrf,
                fields: [
                    ("category", "inappropriate_content_by_staff"), ("what_happened", "The head posted about a pupil."),
                    ("platform", "Facebook"), ("involved", "colleague"),
                    ("colleague", try await app.personID(headEmail).uuidString),
                ],
                files: [("evidence[]", Self.evidenceName, ConcernTests.png)])
            #expect(sent.status == .seeOther)
            let item = try #require(try await Case.query(on: app.db).first())
            #expect(item.aboutHeadteacher)
            let caseID = try item.requireID().uuidString
            let page = try await chair.get("/concerns/\(caseID)")
            #expect(page.status == .ok)
            #expect(
                try await chair.post(
                    "/concerns/\(caseID)/state", [("to", "triage"), ("reason", "Looking")], csrf: page.csrf
                )
                .status == .seeOther)
            #expect(
                try await chair.post(
                    "/concerns/\(caseID)/entries",
                    [("action", "lado_referral"), ("text", "Referred"), ("reference", Self.referral)], csrf: page.csrf
                ).status == .seeOther)
            let hrID = try await app.personID(demo.account("st-cleopas", "hr").email)
            #expect(
                try await chair.post("/concerns/\(caseID)/members", [("person", hrID.uuidString)], csrf: page.csrf)
                    .status == .seeOther)
            let evidenceID = try #require(try await CaseEvidence.query(on: app.db).first()?.id).uuidString
            ids["caseID"] = caseID
            ids["evidenceID"] = evidenceID
            // The case left its marks: entries in the audit log and mail to the chair.
            #expect(try await app.count("audit_entries", where: "target", "case:\(caseID)") >= 4)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$caseID == item.requireID()).count() >= 1)

            for (name, browser, token) in watchers {
                let after = try await Self.walk(app, as: browser, token: token, ids: ids)
                for (path, body) in after {
                    for canary in [caseID, item.reference, Self.evidenceName, Self.referral, "New concern"] {
                        #expect(!body.contains(canary), "\(name) sees \(canary) at \(path)")
                    }
                    let was = Self.occurrences(of: reporter.fullName, in: before[name]?[path] ?? "")
                    let now = Self.occurrences(of: reporter.fullName, in: body)
                    #expect(now <= was, "\(name) sees the reporter's name more often at \(path): \(was) → \(now)")
                }
            }
            // Figures: nobody's count it, for the headteacher reads figures too, and every reader's figures are the
            // same, so that the chair's or a governor's, shown or compared, tell the headteacher nothing.
            #expect(try await Self.figuresTotal(head) == headFigures)
            #expect(try await Self.figuresTotal(chair) == chairFigures)
            #expect(try await Self.figuresTotal(governor) == governorFigures)
            #expect(headFigures == chairFigures && chairFigures == governorFigures)
            // The chair, who handles it, still sees its audit entries and its mail.
            #expect(try await chair.get("/concerns/\(caseID)").body.contains(Self.referral))
        }
    }
}
