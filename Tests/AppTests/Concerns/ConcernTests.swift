// Concerns and cases as the people involved meet them: the reporter, the handlers, HR once added, the person it is
// about (who sees nothing), and a headteacher facing a concern about themselves.

import Crypto
import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Concerns and cases")
struct ConcernTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("screenshot".utf8)

    /// Posts the report form as a browser does, with optional files.
    static func report(
        _ browser: Browser, _ fields: [(String, String)], files: [(String, [UInt8])] = [], csrf: String?
    ) async throws -> Reply {
        try await browser.postMultipart(
            "/concerns", csrf: csrf, fields: fields, files: files.map { ("evidence[]", $0.0, $0.1) })
    }

    @Test(
        "A teacher reports a concern about a colleague: handlers are told by reference only; the colleague sees nothing"
    )
    func reportAndSee() async throws {
        try await withSteward { app, demo in
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let form = try await teacher.get("/concerns/new")
            #expect(form.status == .ok)
            let taID = try await app.personID(demo.account("st-cleopas", "ta").email)
            let sent = try await Self.report(
                teacher,
                [
                    ("category", "inappropriate_content_by_staff"),
                    ("what_happened", "A post named a pupil and mocked her."),
                    ("happened_on", "2026-11-20"), ("platform", "Facebook"), ("involved", "colleague"),
                    ("colleague", taID.uuidString),
                ], files: [("post.png", Self.png)], csrf: form.csrf)
            #expect(sent.status == .seeOther)
            let item = try #require(try await Case.query(on: app.db).first())
            #expect(item.reference.hasPrefix("C-20"))
            #expect(item.subjectPersonID == taID)
            #expect(try await app.count("case_evidence") == 1)
            #expect(try await app.auditActions().contains("case.reported"))

            // Mail to the headteacher and the DSL: a reference and a link, nothing else.
            _ = try await JobRunner(app: app).runDue()
            let mail = try deliveredMail(app).filter { $0.contains("New concern") }
            #expect(mail.count == 2)
            for message in mail {
                #expect(message.contains(item.reference))
                #expect(!message.contains("mocked"))
                #expect(!message.contains("Facebook"))
            }

            // The reporter sees its status, not its substance.
            let list = try await teacher.get("/concerns")
            #expect(list.body.contains(item.reference))
            let mine = try await teacher.get("/concerns/\(item.id!)")
            #expect(mine.status == .ok)
            #expect(mine.body.contains("Received"))
            #expect(!mine.body.contains("mocked"))

            // The colleague it is about sees nothing of it, not even that it exists.
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            #expect(try await ta.get("/concerns/\(item.id!)").status == .notFound)
            #expect(!(try await ta.get("/concerns").body.contains(item.reference)))
            // Nor do HR (until added), governors, the trust administrator, or another school.
            for email in [
                demo.account("st-cleopas", "hr").email, demo.account("st-cleopas", "governor").email,
                demo.trustAdmin.email, demo.account("holy-trinity", "headteacher").email,
            ] {
                let other = try await Browser.signedIn(app, as: email)
                #expect(try await other.get("/concerns/\(item.id!)").status == .notFound, "\(email)")
            }

            // The headteacher opens it (audited), sees the details and the evidence's hash.
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get("/concerns/\(item.id!)")
            #expect(page.status == .ok)
            #expect(page.body.contains("A post named a pupil and mocked her."))
            let hash = SHA256.hash(data: Self.png).map { String(format: "%02x", $0) }.joined()
            #expect(page.body.contains(hash))
            #expect(try await app.auditActions().contains("case.opened"))
        }
    }

    @Test(
        "The headteacher moves the case on with reasons, records a referral with its reference, adds HR, corrects an entry"
    )
    func handle() async throws {
        try await withSteward { app, demo in
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let form = try await teacher.get("/concerns/new")
            _ = try await Self.report(
                teacher,
                [
                    ("category", "online_abuse_of_staff"), ("what_happened", "Abusive comments under a school post."),
                    ("platform", "Instagram"), ("involved", "outside"),
                ], csrf: form.csrf)
            let item = try #require(try await Case.query(on: app.db).first())
            let id = try item.requireID()
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get("/concerns/\(id)")
            let skip = try await head.post(
                "/concerns/\(id)/state", [("to", "closed"), ("reason", "")], csrf: page.csrf)
            #expect(skip.status == .badRequest)
            let wrongMove = try await head.post(
                "/concerns/\(id)/state", [("to", "outcome"), ("reason", "Too soon")], csrf: page.csrf)
            #expect(wrongMove.status == .badRequest)
            // An outcome chosen for another move is refused with a message, not dropped unseen; nothing moves.
            for other in ["triage", "closed", "support"] {
                let dropped = try await head.post(
                    "/concerns/\(id)/state", [("to", other), ("reason", "Moving on"), ("outcome", "malicious")],
                    csrf: page.csrf)
                #expect(dropped.status == .badRequest, "\(other)")
                #expect(dropped.body.contains("An outcome is recorded only when the case moves to"), "\(other)")
                #expect(try await Case.find(id, on: app.db)?.state == .new, "\(other)")
            }
            #expect(
                try await head.post(
                    "/concerns/\(id)/state", [("to", "triage"), ("reason", "Looking at it")], csrf: page.csrf
                )
                .status == .seeOther)
            let noReference = try await head.post(
                "/concerns/\(id)/entries", [("action", "lado_referral"), ("text", "Referred to the LADO")],
                csrf: page.csrf)
            #expect(noReference.status == .badRequest)
            #expect(noReference.body.contains("Give the reference the LADO gave you."))
            #expect(
                try await head.post(
                    "/concerns/\(id)/entries",
                    [("action", "police_referral"), ("text", "Reported to police"), ("reference", "CAD 1234")],
                    csrf: page.csrf
                ).status == .seeOther)
            #expect(
                try await head.post(
                    "/concerns/\(id)/entries", [("corrects", "3"), ("text", "The reference is CAD 1243.")],
                    csrf: page.csrf
                ).status == .seeOther)
            // A call to 101 for advice: a police referral with no reference yet (issue 19, item 6).
            let advice = try await head.post(
                "/concerns/\(id)/entries", [("action", "police_referral"), ("text", "Called 101 for advice")],
                csrf: page.csrf)
            #expect(advice.status == .seeOther, "\(advice.body.prefix(300))")
            let hrEmail = demo.account("st-cleopas", "hr").email
            let hrID = try await app.personID(hrEmail)
            #expect(
                try await head.post("/concerns/\(id)/members", [("person", hrID.uuidString)], csrf: page.csrf).status
                    == .seeOther)
            let after = try await head.get("/concerns/\(id)")
            #expect(after.body.contains("Being looked at"))
            #expect(after.body.contains("reference CAD 1234"))
            #expect(after.body.contains("Corrects"))

            // HR now sees it, but cannot move it.
            let hr = try await Browser.signedIn(app, as: hrEmail)
            let hrPage = try await hr.get("/concerns/\(id)")
            #expect(hrPage.status == .ok)
            #expect(hrPage.body.contains("Abusive comments"))
            #expect(!hrPage.body.contains("Move the case on"))
            #expect(
                try await hr.post(
                    "/concerns/\(id)/state", [("to", "investigation"), ("reason", "x")], csrf: hrPage.csrf
                )
                .status == .forbidden)

            // The chronology cannot be rewritten.
            await #expect(throws: (any Error).self) {
                try await app.sql.raw("UPDATE case_entries SET text = 'nothing happened'").run()
            }
        }
    }

    @Test("A concern about the headteacher goes to the chair of governors; the headteacher cannot see it")
    func aboutHeadteacher() async throws {
        try await withSteward { app, demo in
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let form = try await teacher.get("/concerns/new")
            let headID = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            _ = try await Self.report(
                teacher,
                [
                    ("category", "inappropriate_content_by_staff"), ("what_happened", "A comment by the head."),
                    ("platform", "X (Twitter)"), ("involved", "colleague"), ("colleague", headID.uuidString),
                ], csrf: form.csrf)
            let item = try #require(try await Case.query(on: app.db).first())
            #expect(item.aboutHeadteacher)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            #expect(try await head.get("/concerns/\(item.id!)").status == .notFound)
            #expect(!(try await head.get("/concerns").body.contains(item.reference)))
            let dsl = try await Browser.signedIn(app, as: demo.account("st-cleopas", "dsl").email)
            #expect(try await dsl.get("/concerns/\(item.id!)").status == .notFound)
            let chair = try await Browser.signedIn(app, as: demo.account("st-cleopas", "chair").email)
            #expect(try await chair.get("/concerns/\(item.id!)").status == .ok)
            _ = try await JobRunner(app: app).runDue()
            let mail = try deliveredMail(app).filter { $0.contains("New concern") }
            #expect(mail.count == 1)
            #expect(mail.first?.contains("To: \(demo.account("st-cleopas", "chair").email)") == true)
        }
    }

    @Test("A file renamed to look like an image is refused and nothing is created; bad input never half-creates a case")
    func badInput() async throws {
        try await withSteward { app, demo in
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let form = try await teacher.get("/concerns/new")
            let exe: [UInt8] = Array("MZ".utf8) + Array(repeating: 0x41, count: 64)
            let refused = try await Self.report(
                teacher,
                [("category", "other"), ("what_happened", "x"), ("platform", "Email"), ("involved", "unknown")],
                files: [("holiday.png", exe)], csrf: form.csrf)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("is not a PNG, JPEG or PDF file"))
            let empty = try await Self.report(teacher, [("what_happened", "\u{202E}hidden")], csrf: form.csrf)
            #expect(empty.status == .badRequest)
            #expect(empty.body.contains("Choose what the concern is about."))
            // A zip (a zip bomb is one) named as a PDF is refused unopened; a date that does not exist, a platform
            // not on the list and invisible characters are each named.
            let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 64)
            let zipped = try await Self.report(
                teacher,
                [("category", "other"), ("what_happened", "x"), ("platform", "Email"), ("involved", "unknown")],
                files: [("report.pdf", zip)], csrf: form.csrf)
            #expect(zipped.status == .badRequest)
            #expect(zipped.body.contains("report.pdf is not a PNG, JPEG or PDF file"))
            let garbled = try await Self.report(
                teacher,
                [
                    ("category", "other"), ("what_happened", "ok"), ("happened_on", "30/02/2026"),
                    ("platform", "<script>"), ("involved", "unknown"), ("description", "a\u{200B}b"),
                ], csrf: form.csrf)
            #expect(garbled.status == .badRequest)
            #expect(garbled.body.contains("Choose where it happened."))
            #expect(garbled.body.contains("contains an invisible or control character"))
            #expect(garbled.body.contains("When it happened must be a real date"))
            let huge = [UInt8](repeating: 0, count: EvidenceFile.maxBytes + 1)
            let tooBig = try await Self.report(
                teacher,
                [("category", "other"), ("what_happened", "x"), ("platform", "Email"), ("involved", "unknown")],
                files: [("big.pdf", Array("%PDF-".utf8) + huge)], csrf: form.csrf)
            #expect(tooBig.status == .badRequest)
            #expect(tooBig.body.contains("is larger than 20 MB"))
            #expect(try await app.count("cases") == 0)
            #expect(try await app.count("case_evidence") == 0)

            // Hostile text is kept as text and shown as text.
            let hostile = "<script>alert(1)</script> '; DROP TABLE cases; --"
            let stored = try await Self.report(
                teacher,
                [
                    ("category", "other"), ("what_happened", hostile), ("platform", "Email"), ("involved", "outside"),
                    ("description", "<img src=x onerror=alert(1)>"),
                ], csrf: form.csrf)
            #expect(stored.status == .seeOther)
            let item = try #require(try await Case.query(on: app.db).first())
            #expect(item.whatHappened == hostile)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get("/concerns/\(item.id!)")
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.body.contains("<img src=x"))
        }
    }

    @Test("A case page needs a code entered in the last 15 minutes")
    func stepUp() async throws {
        try await withSteward { app, demo in
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let form = try await teacher.get("/concerns/new")
            _ = try await Self.report(
                teacher,
                [("category", "other"), ("what_happened", "x"), ("platform", "Email"), ("involved", "unknown")],
                csrf: form.csrf)
            let id = try #require(try await Case.query(on: app.db).first()?.id)
            let account = demo.account("st-cleopas", "dsl")
            let dsl = try await Browser.signedIn(app, as: account.email)
            try await app.sql.raw(
                "UPDATE browser_sessions SET second_factor_at = \(bind: Date().addingTimeInterval(-20 * 60))"
            ).run()
            let asked = try await dsl.get("/concerns/\(id)")
            #expect(asked.status == .seeOther)
            #expect(asked.location?.hasPrefix("/step-up") == true)
            let page = try await dsl.get(try #require(asked.location))
            let wrong = try await dsl.post(
                "/step-up", [("code", "000000"), ("next", "/concerns/\(id)")], csrf: page.csrf)
            #expect(wrong.status == .unauthorized)
            let right = try await dsl.post(
                "/step-up", [("code", TestTOTP.code(try #require(account.totp_secret))), ("next", "/concerns/\(id)")],
                csrf: page.csrf)
            #expect(right.location == "/concerns/\(id)")
            #expect(try await dsl.get("/concerns/\(id)").status == .ok)
        }
    }
}

@Suite("Concerns: every route for every role")
struct ConcernAccessWalkTests {
    /// Reports a concern as the teacher about `subject` and returns its id.
    static func reportAbout(_ app: Application, _ demo: Demo, subject: String) async throws -> UUID {
        let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
        let form = try await teacher.get("/concerns/new")
        let subjectID = try await app.personID(demo.account("st-cleopas", subject).email)
        let reply = try await ConcernTests.report(
            teacher,
            [
                ("category", "inappropriate_content_by_staff"), ("what_happened", "Details only handlers may read."),
                ("platform", "Facebook"), ("involved", "colleague"), ("colleague", subjectID.uuidString),
            ], files: [("shot.png", ConcernTests.png)], csrf: form.csrf)
        #expect(reply.status == .seeOther)
        let item = try #require(
            try await Case.query(on: app.db).filter(\.$subjectPersonID == subjectID).first())
        return try item.requireID()
    }

    @Test("Each demo role, the subject and a headteacher facing a concern about themselves see exactly what they may")
    func walk() async throws {
        try await withSteward { app, demo in
            let ordinary = try await Self.reportAbout(app, demo, subject: "ta")
            let aboutHead = try await Self.reportAbout(app, demo, subject: "headteacher")
            let evidence = try #require(
                try await CaseEvidence.query(on: app.db).filter(\.$caseID == ordinary).first()?.id)
            // Who sees what of each case: "full" (handlers), "status" (the reporter), nil (nothing: 404).
            let expected: [UUID: [String: String]] = [
                ordinary: ["headteacher": "full", "dsl": "full", "teacher": "status"],
                aboutHead: ["chair": "full", "teacher": "status"],
            ]
            let people =
                demo.accounts.accounts.filter { $0.school == "st-cleopas" }.map(\.email) + [demo.trustAdmin.email]
            for (caseID, allowed) in expected {
                for email in people {
                    let local = String(email.prefix { $0 != "@" })
                    let browser = try await Browser.signedIn(app, as: email)
                    let view = allowed[local]
                    let page = try await browser.get("/concerns/\(caseID)")
                    let context = "\(email) case \(caseID == ordinary ? "about the TA" : "about the headteacher")"
                    switch view {
                    case "full":
                        #expect(page.status == .ok, "\(context)")
                        #expect(page.body.contains("Details only handlers may read."), "\(context)")
                    case "status":
                        #expect(page.status == .ok, "\(context)")
                        #expect(!page.body.contains("Details only handlers may read."), "\(context)")
                    default:
                        #expect(page.status == .notFound, "\(context)")
                    }
                    #expect(
                        !(try await browser.get("/concerns").body.contains(caseID.uuidString)) || view != nil,
                        "\(context)")
                    let csrf = try await browser.get("/account").csrf ?? ""
                    for path in ["state", "entries", "members", "evidence"] {
                        let reply = try await browser.request(
                            .POST, "/concerns/\(caseID)/\(path)", body: Browser.form([("_csrf", csrf)]))
                        let want: HTTPStatus = view == "full" ? .badRequest : (view == nil ? .notFound : .forbidden)
                        #expect(reply.status == want, "\(context) POST \(path)")
                    }
                    if caseID == ordinary {
                        let download = try await browser.get("/concerns/\(caseID)/evidence/\(evidence)")
                        #expect(download.status == (view == "full" ? .ok : .notFound), "\(context) evidence")
                    }
                    // A token without the cases scope reads no case in full (issue 10); with it, what the page shows.
                    let basic = try await Browser(app).get(
                        "/api/v1/concerns/\(caseID)",
                        headers: ["Authorization": "Bearer \(try await app.apiToken(for: email))"])
                    let basicWant: HTTPStatus = view == nil ? .notFound : (view == "full" ? .forbidden : .ok)
                    #expect(basic.status == basicWant, "\(context) API without the cases scope")
                    #expect(!basic.body.contains("Details only handlers may read."), "\(context) API basic")
                    let api = try await Browser(app).get(
                        "/api/v1/concerns/\(caseID)",
                        headers: [
                            "Authorization": "Bearer \(try await app.apiToken(for: email, scopes: [.basic, .cases]))"
                        ])
                    #expect(api.status == (view == nil ? .notFound : .ok), "\(context) API")
                    if view != "full" {
                        #expect(!api.body.contains("Details only handlers may read."), "\(context) API")
                    }
                }
            }
            let other = try await Browser.signedIn(app, as: demo.account("holy-trinity", "headteacher").email)
            #expect(try await other.get("/concerns/\(ordinary)").status == .notFound)
            #expect(try await Browser(app).get("/concerns/\(ordinary)").status == .seeOther)
            #expect(try await app.auditActions().contains("case.evidence_downloaded"))
        }
    }
}

@Suite("Concerns: deadlines, figures and the API")
struct ConcernMoreTests {
    @Test("An untriaged concern reminds its handlers after a working day, by reference only, then weekly")
    func reminders() async throws {
        try await withSteward { app, demo in
            let id = try await ConcernAccessWalkTests.reportAbout(app, demo, subject: "ta")
            #expect(try await CaseReminders.run(app: app) == 0)
            let later = Date().addingTimeInterval(4 * 86_400)
            #expect(try await CaseReminders.run(app: app, now: later) == 1)
            #expect(try await CaseReminders.run(app: app, now: later.addingTimeInterval(3_600)) == 0)
            #expect(try await CaseReminders.run(app: app, now: later.addingTimeInterval(7 * 86_400)) == 1)
            _ = try await JobRunner(app: app).runDue()
            let overdue = try deliveredMail(app).filter { $0.contains("Overdue concern") }
            #expect(overdue.count == 4)  // the headteacher and the DSL, twice
            #expect(overdue.allSatisfy { !$0.contains("Details only handlers") && $0.contains("/concerns/\(id)") })
            // The handlers' list shows it as overdue; the reporter's does not.
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            #expect(!(try await head.get("/concerns").body.contains("Overdue")))
            let old = Date().addingTimeInterval(-5 * 86_400)
            try await app.sql.raw("UPDATE cases SET created_at = \(bind: old), last_entry_at = \(bind: old)").run()
            #expect(try await head.get("/concerns").body.contains("Overdue"))
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            #expect(!(try await teacher.get("/concerns").body.contains("Overdue")))
        }
    }

    @Test("Governors see figures by kind and stage with no names or references")
    func figures() async throws {
        try await withSteward { app, demo in
            _ = try await ConcernAccessWalkTests.reportAbout(app, demo, subject: "ta")
            let item = try #require(try await Case.query(on: app.db).first())
            let governor = try await Browser.signedIn(app, as: demo.account("st-cleopas", "governor").email)
            let page = try await governor.get("/concerns/figures")
            #expect(page.status == .ok)
            #expect(page.body.contains("1 concern in all"))
            #expect(!page.body.contains(item.reference))
            #expect(!page.body.contains("Details only handlers"))
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            #expect(try await teacher.get("/concerns/figures").status == .forbidden)
        }
    }

    @Test("The API reports a concern, lists by state, and refuses bad input with every reason")
    func api() async throws {
        try await withSteward { app, demo in
            let token = try await app.apiToken(for: demo.account("st-cleopas", "teacher").email)
            let auth: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            let created = try await Browser(app).request(
                .POST, "/api/v1/concerns", headers: auth,
                body:
                    #"{"category":"online_abuse_of_staff","what_happened":"Abuse under a post.","platform":"Instagram","involved":"outside"}"#,
                contentType: "application/json")
            #expect(created.status == .created)
            let bad = try await Browser(app).request(
                .POST, "/api/v1/concerns", headers: auth, body: #"{"category":"nonsense"}"#,
                contentType: "application/json")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Choose what the concern is about."))
            #expect(try await app.count("cases") == 1)
            let headToken = try await app.apiToken(
                for: demo.account("st-cleopas", "headteacher").email, scopes: [.basic, .cases])
            let basicToken = try await app.apiToken(for: demo.account("st-cleopas", "headteacher").email)
            #expect(
                try await Browser(app).get(
                    "/api/v1/concerns?state=new", headers: ["Authorization": "Bearer \(basicToken)"]
                ).body == "[]")
            let list = try await Browser(app).get(
                "/api/v1/concerns?state=new", headers: ["Authorization": "Bearer \(headToken)"])
            #expect(list.status == .ok)
            #expect(list.body.contains("\"full\":true"))
            let none = try await Browser(app).get(
                "/api/v1/concerns?state=closed", headers: ["Authorization": "Bearer \(headToken)"])
            #expect(none.body == "[]")
            #expect(
                try await Browser(app).get("/api/v1/concerns?state=bogus", headers: auth).status == .badRequest)
        }
    }
}
