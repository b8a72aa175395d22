// Records management's side doors about the reader (found by a second attack on issue 17): a hold on the headteacher
// reaches her through no audit entry, export, count or home page; the handling of a request about her is not hers to
// read; HR, who may not see holds, cannot name one or learn of one by trying; and an export raced by its answer does
// not go out.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor
import ZIPFoundation

@testable import App

@Suite("Records management: nothing about the reader's own hold or request")
struct RecordsSelfSideDoorTests {
    @Test("A hold on the headteacher: not in her audit log, nor in an export about whoever placed it, nor on her home")
    func holdOnTheHead() async throws {
        try await withSteward { app, demo in
            let headEmail = demo.account("st-cleopas", "headteacher").email
            let headID = try await app.personID(headEmail)
            let headName = try #require(try await Person.find(headID, on: app.db)).fullName
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let adminID = try await app.personID(demo.trustAdmin.email)
            #expect(
                try await LegalHoldTests.place(
                    admin, [("on", "person"), ("person", headID.uuidString), ("reason", "SECRETREASON claim.")]
                ).status == .seeOther)
            let head = try await Browser.signedIn(app, as: headEmail)
            // The audit log, filtered to records or not.
            for path in ["/audit", "/audit?action=records"] {
                let log = try await head.get(path)
                #expect(log.status == .ok)
                #expect(!log.body.contains("SECRETREASON") && !log.body.contains("hold_placed"), "\(path)")
            }
            // The trust administrator sees it on theirs.
            #expect(try await admin.get("/audit?action=records").body.contains("SECRETREASON"))
            // An export about the trust administrator, made by the headteacher: no hold on her in it.
            #expect(
                try await RecordsRequestTests.record(
                    head, [("kind", "access"), ("person", adminID.uuidString), ("received", Display.today.description)]
                ).status == .seeOther)
            let request = try #require(
                try await RecordsRequest.query(on: app.db).filter(\.$personID == adminID).first()?.id)
            let page = try await head.get(RetentionPaths.request(request))
            #expect(!page.body.contains("Legal holds they placed"))
            let made = try await head.request(
                .POST, RetentionPaths.export(request), body: Browser.form([("_csrf", page.csrf ?? "")]))
            #expect(made.status == .ok)
            let files = try SubjectAccessExportTests.files(made)
            #expect(!files.keys.contains { $0.contains("legal-holds") })
            for (name, data) in files {
                let text = String(decoding: data, as: UTF8.self)
                #expect(!text.contains("SECRETREASON") && !text.contains("hold_placed"), "\(name)")
            }
            // HR records requests about the headteacher: not on her home page, and their handling not in her log.
            let hr = try await Browser.signedIn(app, as: demo.account("st-cleopas", "hr").email)
            for kind in ["access", "erasure"] {
                #expect(
                    try await RecordsRequestTests.record(
                        hr,
                        [
                            ("kind", kind), ("person", headID.uuidString), ("received", Display.today.description),
                            ("details", "Her request."),
                        ]
                    ).status == .seeOther)
            }
            #expect(try await hr.get("/").body.contains("Subject access request from \(headName)"))
            #expect(!(try await head.get("/")).body.contains("request from \(headName)"))
            // Her own recording (about the trust administrator) is on her log; HR's two about her are not.
            let log = try await head.get("/audit?action=records.request_recorded")
            #expect(
                log.body.components(separatedBy: #"<code class="hint">records.request_recorded</code>"#).count - 1 == 1)
            let hrLogged = try await AuditEntry.query(on: app.db).filter(\.$action == "records.request_recorded")
                .count()
            #expect(hrLogged == 3)
        }
    }

    @Test("HR is offered no legal hold to name, and naming one is refused alike whether a hold stands or not")
    func hrCannotProbe() async throws {
        try await withSteward { app, demo in
            let ta = try await app.personID(demo.account("st-cleopas", "ta").email)
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            #expect(
                try await LegalHoldTests.place(
                    head, [("on", "person"), ("person", ta.uuidString), ("reason", "A claim.")]
                ).status == .seeOther)
            let hr = try await Browser.signedIn(app, as: demo.account("st-cleopas", "hr").email)
            var answers: [String] = []
            for person in [ta, teacher] {
                #expect(
                    try await RecordsRequestTests.record(
                        hr,
                        [
                            ("kind", "erasure"), ("person", person.uuidString),
                            ("received", Display.today.description), ("details", "Erase it."),
                        ]
                    ).status == .seeOther)
                let id = try #require(
                    try await RecordsRequest.query(on: app.db).filter(\.$personID == person).first()?.id)
                let page = try await hr.get(RetentionPaths.request(id))
                #expect(!page.body.contains("value=\"legal_hold\""))
                let reply = try await hr.post(
                    RetentionPaths.close(id), [("outcome", "refused"), ("basis", "legal_hold"), ("reason", "Held.")],
                    csrf: page.csrf)
                #expect(reply.status == .badRequest)
                #expect(try await RecordsRequest.find(id, on: app.db)?.outcome == nil)
                answers.append(
                    Reply.firstMatch(#"<p class="field-error" id="basis-error">([^<]*)</p>"#, in: reply.body) ?? "")
            }
            // The same words for the held person and the one nobody holds.
            #expect(answers.count == 2 && answers[0] == answers[1] && !answers[0].isEmpty)
            // The headteacher, who sees holds, is offered one.
            let request = try #require(try await RecordsRequest.query(on: app.db).filter(\.$personID == ta).first()?.id)
            #expect(try await head.get(RetentionPaths.request(request)).body.contains("value=\"legal_hold\""))
        }
    }

    @Test("Exports raced by the answer: none is recorded, or goes out, after the request was answered")
    func exportAnswerRace() async throws {
        try await withSteward { app, demo in
            let email = demo.account("st-cleopas", "headteacher").email
            let head = try await Browser.signedIn(app, as: email)
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            #expect(
                try await RecordsRequestTests.record(
                    head, [("kind", "access"), ("person", teacher.uuidString), ("received", Display.today.description)]
                ).status == .seeOther)
            let id = try #require(try await RecordsRequest.query(on: app.db).first()?.id)
            _ = try #require(try await head.get(RetentionPaths.request(id)).csrf)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<7 {
                    group.addTask {
                        let browser = try await Browser.signedIn(app, as: email)
                        let token = try #require(try await browser.get(RetentionPaths.request(id)).csrf)
                        if n == 3 {
                            _ = try await browser.post(RetentionPaths.close(id), [("outcome", "done")], csrf: token)
                        } else {
                            let reply = try await browser.request(
                                .POST, RetentionPaths.export(id), body: Browser.form([("_csrf", token)]))
                            #expect(reply.status == .ok || reply.status == .conflict)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let actions = try await app.auditActions()
            let answered = try #require(actions.lastIndex(of: "records.request_answered"))
            #expect(!actions[answered...].contains("records.access_exported"))
        }
    }
}
