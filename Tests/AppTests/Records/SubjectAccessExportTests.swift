// The subject-access export after an attack (issue 17): it is no side door round a case's 15-minute code, each case
// it holds is recorded on the case's own trail, HR's holds no audit trail HR may not read, and an answered request
// makes none.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor
import ZIPFoundation

@testable import App

@Suite("Records management: the subject-access export's side doors")
struct SubjectAccessExportTests {
    /// Makes the browser's last code `seconds` old.
    static func codeEntered(_ browser: Browser, secondsAgo seconds: TimeInterval, _ app: Application) async throws {
        let token = try #require(browser.sessionCookie)
        try await BrowserSession.query(on: app.db).filter(\.$tokenHash == Secrets.sha256(token))
            .set(\.$secondFactorAt, to: Date().addingTimeInterval(-seconds)).update()
    }

    /// A concern the TA reports, and a subject-access request about the TA recorded by the headteacher.
    static func requestAboutReporter(_ app: Application, _ demo: Demo, head: Browser) async throws -> UUID {
        let taEmail = demo.account("st-cleopas", "ta").email
        let ta = try await app.personID(taEmail)
        let reporter = try await Browser.signedIn(app, as: taEmail)
        let form = try await reporter.get("/concerns/new")
        let reported = try await ConcernTests.report(
            reporter,
            [
                ("category", "other"), ("what_happened", "Reported by the TA"), ("platform", "Email"),
                ("involved", "unknown"),
            ],
            csrf: form.csrf)
        #expect(reported.status == .seeOther)
        let recorded = try await RecordsRequestTests.record(
            head, [("kind", "access"), ("person", ta.uuidString), ("received", Display.today.description)])
        #expect(recorded.status == .seeOther)
        return try #require(try await RecordsRequest.query(on: app.db).filter(\.$personID == ta).first()?.id)
    }

    static func files(_ reply: Reply) throws -> [String: Data] {
        let archive = try Archive(data: Data(reply.bytes), accessMode: .read)
        var files: [String: Data] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            files[entry.path] = data
        }
        return files
    }

    @Test("Case records in an export, or counted on its page, need a code from the last 15 minutes; others do not")
    func stepUp() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let id = try await Self.requestAboutReporter(app, demo, head: head)
            let page = try await head.get(RetentionPaths.request(id))
            let csrf = try #require(page.csrf)
            // Just over the window: the page sends the reader to enter a code; the export is refused with the form
            // for one, and nothing is produced, stamped or audited.
            try await Self.codeEntered(head, secondsAgo: 15 * 60 + 10, app)
            let entries = try await app.count("audit_entries")
            let stale = try await head.get(RetentionPaths.request(id))
            #expect(stale.status == .seeOther)
            #expect(stale.location?.hasPrefix(SessionPaths.stepUp()) == true)
            let refused = try await head.request(
                .POST, RetentionPaths.export(id), body: Browser.form([("_csrf", csrf)]))
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("more than 15 minutes since you last entered a code"))
            #expect(refused.headers.first(name: .contentType) != "application/zip")
            #expect(!refused.body.contains("Reported by the TA"))
            #expect(try await app.count("audit_entries") == entries)
            #expect(try await RecordsRequest.find(id, on: app.db)?.exportedAt == nil)
            // A refused answer on that page, sent after the window, does not count the case records either.
            let answer = try await head.post(RetentionPaths.close(id), [("outcome", "refused")], csrf: csrf)
            #expect(answer.status == .badRequest)
            #expect(!answer.body.contains("Concerns they reported"))
            #expect(answer.body.contains("not counted here until you enter a code"))
            // Just inside it: both work.
            try await Self.codeEntered(head, secondsAgo: 15 * 60 - 60, app)
            let fresh = try await head.get(RetentionPaths.request(id))
            #expect(fresh.status == .ok)
            #expect(fresh.body.contains("Concerns they reported"))
            #expect(!fresh.body.contains("not counted here until you enter a code"))
            let made = try await head.request(.POST, RetentionPaths.export(id), body: Browser.form([("_csrf", csrf)]))
            #expect(made.status == .ok)
            #expect(made.headers.first(name: .contentType) == "application/zip")
            // A person with no case records needs no code: the teacher's request, long after the window.
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            #expect(
                try await RecordsRequestTests.record(
                    head, [("kind", "access"), ("person", teacher.uuidString), ("received", Display.today.description)]
                ).status == .seeOther)
            let plain = try #require(
                try await RecordsRequest.query(on: app.db).filter(\.$personID == teacher).first()?.id)
            try await Self.codeEntered(head, secondsAgo: 3 * 60 * 60, app)
            #expect(try await head.get(RetentionPaths.request(plain)).status == .ok)
            let quiet = try await head.request(
                .POST, RetentionPaths.export(plain), body: Browser.form([("_csrf", csrf)]))
            #expect(quiet.status == .ok)
            // HR, who is on no case, meets no code for the TA's request: there is nothing of a case for HR to see.
            let hr = try await Browser.signedIn(app, as: demo.account("st-cleopas", "hr").email)
            try await Self.codeEntered(hr, secondsAgo: 3 * 60 * 60, app)
            let hrPage = try await hr.get(RetentionPaths.request(id))
            #expect(hrPage.status == .ok)
            #expect(!hrPage.body.contains("Concerns they reported"))
            #expect(!hrPage.body.contains("not counted here"))
        }
    }

    @Test("Each case in an export is on its own trail; HR's export has no audit trail; an answered request makes none")
    func trailsAndAnswered() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let id = try await Self.requestAboutReporter(app, demo, head: head)
            let caseID = try #require(try await Case.query(on: app.db).first()?.id)
            let page = try await head.get(RetentionPaths.request(id))
            let made = try await head.request(
                .POST, RetentionPaths.export(id), body: Browser.form([("_csrf", page.csrf ?? "")]))
            #expect(made.status == .ok)
            let onCase = try await AuditEntry.query(on: app.db).filter(\.$action == "case.exported").all()
            #expect(onCase.map(\.target) == ["case:\(caseID.uuidString)"])
            let disposition = made.headers.first(name: .contentDisposition) ?? ""
            #expect(disposition.contains("subject-access-") && disposition.contains(".zip"))
            // The headteacher may read the audit log, so the TA's trail is in theirs; HR may not, so not in HR's.
            let files = try Self.files(made)
            #expect(files.keys.contains { $0.contains("things-they-did") })
            // The summary is for a person: headings in words, days and times as the pages write them, a main region.
            let readable = String(decoding: files["summary.html"] ?? Data(), as: UTF8.self)
            #expect(readable.contains("<th scope=\"col\">What happened</th>"))
            #expect(!readable.contains(">whatHappened<") && !readable.contains(">occurredAt<"))
            #expect(readable.contains("<main>"))
            #expect(readable.range(of: #"<td>\d{4}-\d{2}-\d{2}"#, options: .regularExpression) == nil)
            // The JSON keeps the stored keys and values for whoever reads it by machine.
            let json = files.first { $0.key.contains("concerns-they-reported") }?.value ?? Data()
            #expect(String(decoding: json, as: UTF8.self).contains("\"whatHappened\""))
            let hr = try await Browser.signedIn(app, as: demo.account("st-cleopas", "hr").email)
            let hrPage = try await hr.get(RetentionPaths.request(id))
            #expect(!hrPage.body.contains("Things they did"))
            let hrMade = try await hr.request(
                .POST, RetentionPaths.export(id), body: Browser.form([("_csrf", hrPage.csrf ?? "")]))
            #expect(hrMade.status == .ok)
            let hrFiles = try Self.files(hrMade)
            #expect(!hrFiles.keys.contains { $0.contains("things-they-did") || $0.contains("audit") })
            let summary = String(decoding: hrFiles["summary.html"] ?? Data(), as: UTF8.self)
            #expect(!summary.contains("sign_in") && !summary.contains("192.0.2."))
            // Answered: no more exports from it, by anyone, and the page offers none.
            #expect(
                try await head.post(RetentionPaths.close(id), [("outcome", "done")], csrf: page.csrf).status
                    == .seeOther)
            let entries = try await app.count("audit_entries")
            let stamped = try await RecordsRequest.find(id, on: app.db)?.exportedAt
            for (browser, csrf) in [(head, page.csrf), (hr, hrPage.csrf)] {
                let late = try await browser.request(
                    .POST, RetentionPaths.export(id), body: Browser.form([("_csrf", csrf ?? "")]))
                #expect(late.status == .conflict)
                #expect(late.body.contains("has been answered"))
                #expect(late.headers.first(name: .contentType) != "application/zip")
            }
            #expect(try await app.count("audit_entries") == entries)
            #expect(try await RecordsRequest.find(id, on: app.db)?.exportedAt == stamped)
            let answered = try await head.get(RetentionPaths.request(id))
            #expect(!answered.body.contains("Download the export"))
            #expect(answered.body.contains("no export is produced from it now"))
        }
    }
}
