// Requests about records (issue 17, items 4 and 5): recorded by the headteacher or HR with a one-month deadline on
// their home pages; the subject-access export sorts what may be released from what names other people and from
// safeguarding records, is audited, and holds only what its producer may see; answers say why when not done in full.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Records management: requests about records")
struct RecordsRequestTests {
    static func record(_ browser: Browser, _ fields: [(String, String)]) async throws -> Reply {
        let page = try await browser.get(RetentionPaths.requests())
        return try await browser.post(RetentionPaths.requests(), fields, csrf: page.csrf)
    }

    @Test("Recording a request: every field at its edges; nothing written for bad input; due a month later")
    func recordEdges() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let ta = try await app.personID(demo.account("st-cleopas", "ta").email)
            let outsider = try await app.personID(demo.account("northfield", "teacher").email)
            let today = Display.today
            let p = ("person", ta.uuidString)
            let cases: [([(String, String)], String?)] = [
                ([p, ("received", today.description)], "Choose what the person asked for."),
                ([p, ("kind", "everything"), ("received", today.description)], "Choose what the person asked for."),
                ([("kind", "access"), ("received", today.description)], "Choose the person from the list."),
                (
                    [("kind", "access"), ("person", outsider.uuidString), ("received", today.description)],
                    "Choose the person"
                ),
                ([("kind", "access"), ("person", "x"), ("received", today.description)], "Choose the person"),
                ([("kind", "access"), p], "Enter the day it was received."),
                ([("kind", "access"), p, ("received", "yesterday")], "must be a real date"),
                ([("kind", "access"), p, ("received", today.adding(days: 1).description)], "cannot be after today"),
                ([("kind", "access"), p, ("received", today.adding(days: -367).description)], "within the last year"),
                ([("kind", "erasure"), p, ("received", today.description)], "Enter what they asked for."),
                ([("kind", "rectification"), p, ("received", today.description), ("details", " ")], "Enter what"),
                (
                    [
                        ("kind", "erasure"), p, ("received", today.description),
                        ("details", String(repeating: "a", count: 4001)),
                    ],
                    "4000 characters or fewer"
                ),
                ([("kind", "access"), p, ("received", today.adding(days: -366).description)], nil),
                ([("kind", "access"), p, ("received", today.description)], nil),
                (
                    [
                        ("kind", "erasure"), p, ("received", today.description),
                        ("details", String(repeating: "a", count: 4000)),
                    ], nil
                ),
            ]
            for (fields, problem) in cases {
                let before = try await app.count("records_requests")
                let entries = try await app.count("audit_entries")
                let reply = try await Self.record(head, fields)
                if let problem {
                    #expect(reply.status == .badRequest, "\(fields)")
                    #expect(reply.body.contains(problem), "\(fields)")
                    #expect(try await app.count("records_requests") == before)
                    #expect(try await app.count("audit_entries") == entries)
                } else {
                    #expect(reply.status == .seeOther, "\(fields)")
                    #expect(try await app.count("records_requests") == before + 1)
                    #expect(try await app.auditActions().last == "records.request_recorded")
                }
            }
            let oldest = try #require(
                try await RecordsRequest.query(on: app.db).filter(\.$receivedOn == today.adding(days: -366).description)
                    .first())
            #expect(oldest.dueOn == RetentionPeriod(months: 1).after(today.adding(days: -366)).description)
            // The oldest is late, on the list and on the headteacher's and HR's home pages; not on a teacher's.
            let list = try await head.get(RetentionPaths.requests())
            #expect(list.body.contains("Late:"))
            let home = try await head.get("/")
            #expect(home.body.contains("Subject access request from") && home.body.contains("Late: it was due by"))
            let hr = try await Browser.signedIn(app, as: demo.account("st-cleopas", "hr").email)
            #expect(try await hr.get("/").body.contains("Subject access request from"))
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            #expect(!(try await teacher.get("/")).body.contains("Subject access request from"))
            #expect(try await teacher.get(RetentionPaths.requests()).status == .forbidden)
        }
    }

    @Test("The export: a ZIP whose records are sorted for release, checking and decision; audited; none of your own")
    func export() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let taEmail = demo.account("st-cleopas", "ta").email
            let ta = try await app.personID(taEmail)
            // Something to escape in the summary, and a concern the TA reported.
            let person = try #require(try await Person.find(ta, on: app.db))
            person.surname = "O'Brien <script>alert(1)</script>"
            try await person.update(on: app.db)
            let taBrowser = try await Browser.signedIn(app, as: taEmail)
            let form = try await taBrowser.get("/concerns/new")
            let reported = try await ConcernTests.report(
                taBrowser,
                [
                    ("category", "other"), ("what_happened", "Reported by the TA"), ("platform", "Email"),
                    ("involved", "unknown"),
                ],
                csrf: form.csrf)
            #expect(reported.status == .seeOther)
            let recorded = try await Self.record(
                head, [("kind", "access"), ("person", ta.uuidString), ("received", Display.today.description)])
            #expect(recorded.status == .seeOther)
            let request = try #require(try await RecordsRequest.query(on: app.db).filter(\.$personID == ta).first())
            let id = try request.requireID()
            let page = try await head.get(RetentionPaths.request(id))
            #expect(page.status == .ok)
            #expect(page.body.contains("Concerns they reported"))
            let entries = try await app.count("audit_entries")
            let reply = try await head.request(
                .POST, RetentionPaths.export(id), body: Browser.form([("_csrf", page.csrf ?? "")]))
            #expect(reply.status == .ok)
            #expect(reply.headers.first(name: .contentType) == "application/zip")
            // The export, and the case it holds on the case's own trail.
            #expect(try await app.count("audit_entries") == entries + 2)
            #expect(try await app.auditActions().suffix(2) == ["records.access_exported", "case.exported"])
            let files = try SubjectAccessExportTests.files(reply)
            let names = Set(files.keys)
            #expect(names.contains("summary.html") && names.contains("manifest.json"))
            #expect(names.contains { $0.hasPrefix("release/") && $0.contains("their-record") })
            #expect(names.contains { $0.hasPrefix("safeguarding-decide/") && $0.contains("concerns-they-reported") })
            #expect(!names.contains { $0.hasPrefix("release/") && $0.contains("concern") })
            let summary = String(decoding: files["summary.html"] ?? Data(), as: UTF8.self)
            #expect(summary.contains("Reported by the TA"))
            #expect(!summary.contains("<script>alert(1)</script>"))
            #expect(summary.contains("&lt;script&gt;"))
            // HR's own request: HR may not produce it.
            let hrEmail = demo.account("st-cleopas", "hr").email
            let hrID = try await app.personID(hrEmail)
            let hr = try await Browser.signedIn(app, as: hrEmail)
            #expect(
                try await Self.record(
                    hr, [("kind", "access"), ("person", hrID.uuidString), ("received", Display.today.description)]
                )
                .status == .seeOther)
            let own = try #require(try await RecordsRequest.query(on: app.db).filter(\.$personID == hrID).first())
            let ownPage = try await hr.get(RetentionPaths.request(try own.requireID()))
            #expect(ownPage.body.contains("must be answered by someone else"))
            let before = try await app.count("audit_entries")
            let refused = try await hr.post(RetentionPaths.export(try own.requireID()), [], csrf: ownPage.csrf)
            #expect(refused.status == .forbidden)
            #expect(try await app.count("audit_entries") == before)
            // Nor answer it.
            let closing = try await hr.post(
                RetentionPaths.close(try own.requireID()), [("outcome", "done")], csrf: ownPage.csrf)
            #expect(closing.status == .forbidden)
            #expect(try await RecordsRequest.find(own.id, on: app.db)?.outcome == nil)
            // The export's audit entry names the request, not how much was in it.
            let exported = try #require(
                try await AuditEntry.query(on: app.db).filter(\.$action == "records.access_exported").first())
            #expect(exported.details == AuditRecord.canonicalDetails(["request": id.uuidString]))
            // Another school's headteacher: not found.
            let other = try await Browser.signedIn(app, as: demo.account("northfield", "headteacher").email)
            let otherPage = try await other.get(RetentionPaths.requests())
            #expect(!otherPage.body.contains("O&#39;Brien"))
            #expect(try await other.post(RetentionPaths.export(id), [], csrf: otherPage.csrf).status == .notFound)
            #expect(try await other.get(RetentionPaths.request(id)).status == .notFound)
        }
    }

    @Test("Answering: a refusal names what applies and why; an erasure refused under a hold; once only")
    func answers() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let ta = try await app.personID(demo.account("st-cleopas", "ta").email)
            #expect(
                try await Self.record(
                    head,
                    [
                        ("kind", "erasure"), ("person", ta.uuidString), ("received", Display.today.description),
                        ("details", "Delete my declarations."),
                    ]
                ).status == .seeOther)
            let request = try #require(try await RecordsRequest.query(on: app.db).first())
            let path = RetentionPaths.close(try request.requireID())
            let page = try await head.get(RetentionPaths.request(try request.requireID()))
            for (fields, problem) in [
                ([("reason", "x")], "Choose how the request was answered."),
                ([("outcome", "maybe"), ("reason", "x")], "Choose how the request was answered."),
                ([("outcome", "refused"), ("reason", "x")], "Choose what applies"),
                ([("outcome", "refused"), ("basis", "nonsense"), ("reason", "x")], "Choose what applies"),
                ([("outcome", "refused"), ("basis", "declarations")], "Say why it was not done in full."),
                ([("outcome", "partly"), ("basis", "legal_hold"), ("reason", "a\u{0007}b")], "control character"),
                ([("outcome", "refused"), ("basis", "legal_hold"), ("reason", "A claim.")], "No legal hold covers"),
            ] {
                let entries = try await app.count("audit_entries")
                let reply = try await head.post(path, fields, csrf: page.csrf)
                #expect(reply.status == .badRequest, "\(fields)")
                #expect(reply.body.contains(problem), "\(fields)")
                #expect(try await app.count("audit_entries") == entries)
                #expect(try await RecordsRequest.find(request.id, on: app.db)?.outcome == nil)
            }
            // With a hold on the person in place, a refusal under it is recorded.
            let holds = try await head.get(RetentionPaths.holds())
            #expect(
                try await head.post(
                    RetentionPaths.holds(), [("on", "person"), ("person", ta.uuidString), ("reason", "A claim.")],
                    csrf: holds.csrf
                ).status == .seeOther)
            let done = try await head.post(
                path, [("outcome", "refused"), ("basis", "legal_hold"), ("reason", "A claim is pending.")],
                csrf: page.csrf)
            #expect(done.status == .seeOther)
            let answered = try #require(try await RecordsRequest.find(request.id, on: app.db))
            #expect(answered.outcome == .refused && answered.basis == "legal_hold")
            #expect(
                try await head.get(RetentionPaths.request(try request.requireID())).body.contains(
                    "A legal hold applies"))
            // A second answer changes nothing.
            let entries = try await app.count("audit_entries")
            #expect(try await head.post(path, [("outcome", "done")], csrf: page.csrf).status == .seeOther)
            #expect(try await RecordsRequest.find(request.id, on: app.db)?.outcome == .refused)
            #expect(try await app.count("audit_entries") == entries)
            // Off the home page once answered.
            #expect(!(try await head.get("/")).body.contains("Request to erase records from"))
        }
    }
}
