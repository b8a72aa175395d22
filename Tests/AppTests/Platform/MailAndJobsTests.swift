// Outgoing mail and background jobs as a school would meet them: a password reset that arrives, a mail server that
// is down and then back, a job that crashes and is retried, two runners that never do the same work twice.

import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

/// The `.eml` files the file transport wrote, oldest first.
func deliveredMail(_ app: Application) throws -> [String] {
    guard case .file(let directory) = app.steward.config.mail else { return [] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return try names.filter { $0.hasSuffix(".eml") }.sorted().map {
        try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)
    }
}

/// The decoded body of a delivered message.
func mailBody(_ eml: String) -> String {
    let parts = eml.components(separatedBy: "\r\n\r\n")
    return MailMessage.decodeQuotedPrintable(parts.dropFirst().joined(separator: "\r\n\r\n"))
}

/// Records which jobs ran, from handlers that run concurrently.
actor RunLog {
    var ran: [String] = []
    func add(_ id: String) { ran.append(id) }
}

@Suite("Mail and background jobs")
struct MailAndJobsTests {
    @Test("Forgotten password: a mail with a one-hour, single-use link, delivered through the outbox")
    func passwordReset() async throws {
        try await withSteward { app, demo in
            let teacher = demo.account("st-cleopas", "teacher")
            let elsewhere = try await Browser.signedIn(app, as: teacher.email)
            let browser = Browser(app)
            let asked = try await browser.post(
                "/password/forgot", [("email", "  Teacher@StCleopas.example.org ")], csrfFrom: "/password/forgot")
            #expect(asked.status == .ok)
            #expect(asked.body.contains("Check your email"))
            // Written in the outbox with the request; nothing delivered until a runner runs.
            #expect(try await app.count("outbox_messages") == 1)
            #expect(try deliveredMail(app).isEmpty)
            #expect(try await app.auditActions().contains("password_reset.requested"))

            // Someone else's guess at an address gets the same page, and no mail is written.
            let unknown = try await Browser(app).post(
                "/password/forgot", [("email", "nobody@stcleopas.example.org")], csrfFrom: "/password/forgot")
            #expect(unknown.status == .ok)
            #expect(unknown.body.contains("Check your email"))
            #expect(try await app.count("outbox_messages") == 1)

            let summary = try await JobRunner(app: app).runDue()
            #expect(summary.mailSent == 1)
            let mail = try #require(try deliveredMail(app).first)
            #expect(mail.contains("To: teacher@stcleopas.example.org\r\n"))
            #expect(mail.contains("Subject: Reset your Steward password\r\n"))
            let body = mailBody(mail)
            #expect(body.contains("St Cleopas"))
            let link = try #require(
                Reply.firstMatch(#"(http://127\.0\.0\.1:8080/password/reset\?token=\S+)"#, in: body))
            let path = String(link.dropFirst("http://127.0.0.1:8080".count))

            let form = try await browser.get(path)
            #expect(form.status == .ok)
            #expect(form.body.contains("Choose a new password"))
            let token = try #require(Reply.firstMatch(#"name="token" value="([^"]+)""#, in: form.body))
            let mismatch = try await browser.post(
                "/password/reset",
                [("token", token), ("password", "a long new password"), ("confirm", "a different one!")],
                csrf: form.csrf)
            #expect(mismatch.status == .badRequest)
            #expect(mismatch.body.contains("The two new passwords do not match."))

            let done = try await browser.post(
                "/password/reset",
                [("token", token), ("password", "a long new password"), ("confirm", "a long new password")],
                csrf: form.csrf)
            #expect(done.status == .seeOther)
            #expect(done.location == "/login?reset=1")
            #expect(try await browser.get("/login?reset=1").body.contains("Your password has been changed"))
            // Signed out everywhere; the old password no longer works, the new one does.
            #expect(try await elsewhere.get("/").status == .seeOther)
            var old = teacher
            #expect(try await Browser(app).signIn(old).location != "/")
            old.password = "a long new password"
            #expect(try await Browser(app).signIn(old).location == "/")
            #expect(try await app.auditActions().contains("password_reset.completed"))

            // The link works once.
            let again = try await Browser(app).get(path)
            #expect(again.status == .gone)
            #expect(again.body.contains("This link no longer works"))
            let replay = try await browser.post(
                "/password/reset",
                [("token", token), ("password", "another password 1"), ("confirm", "another password 1")],
                csrfFrom: "/login")
            #expect(replay.status == .gone)
        }
    }

    @Test("A link older than an hour is refused; requests beyond three an hour send nothing more")
    func expiryAndThrottle() async throws {
        try await withSteward { app, demo in
            let email = demo.account("st-cleopas", "ta").email
            for _ in 1...5 {
                let reply = try await Browser(app).post(
                    "/password/forgot", [("email", email)], csrfFrom: "/password/forgot")
                #expect(reply.status == .ok)
            }
            #expect(try await app.count("outbox_messages") == PasswordResetController.linksPerPersonPerHour)
            #expect(try await app.auditActions().filter { $0 == "password_reset.throttled" }.count == 2)
            _ = try await JobRunner(app: app).runDue()
            let link = try #require(
                Reply.firstMatch(#"(/password/reset\?token=\S+)"#, in: mailBody(try deliveredMail(app)[0])))
            try await app.sql.raw("UPDATE password_resets SET expires_at = \(bind: Date().addingTimeInterval(-1))")
                .run()
            #expect(try await Browser(app).get(link).status == .gone)
        }
    }

    @Test("A message is written only if the event that causes it commits")
    func outboxIsTransactional() async throws {
        try await withSteward { app, _ in
            struct Abandon: Error {}
            do {
                try await AuditLog.write(on: app.db, context: .command("test", app)) { db, audit in
                    try await Outbox.enqueue(
                        on: db, schoolID: nil, kind: "test", to: "a@example.org", subject: "s", body: "b")
                    try await audit.append("test.event")
                    throw Abandon()
                }
                Issue.record("The transaction should have failed")
            } catch is Abandon {}
            #expect(try await app.count("outbox_messages") == 0)
        }
    }

    @Test("A mail server that is down: retried with backoff, shown to the headteacher, delivered when back")
    func sendmailDownThenBack() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("steward-sendmail-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("sendmail")
        let captured = dir.appendingPathComponent("captured.eml")
        func install(_ text: String) throws {
            try Data(("#!/bin/sh\n" + text).utf8).write(to: script)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }
        try install("cat > /dev/null\necho 'connect to mail.example.org: Connection refused' >&2\nexit 75\n")
        try await withSteward(mail: .sendmail(script.path)) { app, demo in
            let headteacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let james = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let sent = try await headteacher.post(
                "/people/\(james)/password-link", [], csrfFrom: "/people/\(james)")
            #expect(sent.status == .seeOther)
            // A link the school sends a new starter lasts a week, not an hour.
            let invitation = try #require(try await PasswordReset.query(on: app.db).first())
            #expect(invitation.expiresAt.timeIntervalSince(invitation.createdAt) == PasswordReset.invitationLifetime)

            let start = Date()
            let first = try await JobRunner(app: app).runDue(now: { start })
            #expect(first == .init(mailSent: 0, mailFailed: 1))
            var message = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(message.status == .queued)
            #expect(message.attempts == 1)
            #expect(message.lastError?.contains("exited with status 75: connect to mail.example.org") == true)
            #expect(abs(message.nextAttemptAt.timeIntervalSince(start) - 60) < 1)

            // Not due yet: nothing is tried. A minute later: tried again, and the wait doubles.
            #expect(try await JobRunner(app: app).runDue(now: { start.addingTimeInterval(30) }).mailFailed == 0)
            let later = start.addingTimeInterval(61)
            #expect(try await JobRunner(app: app).runDue(now: { later }).mailFailed == 1)
            message = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(message.attempts == 2)
            #expect(abs(message.nextAttemptAt.timeIntervalSince(later) - 120) < 1)

            // The headteacher sees it; a teacher may not look.
            let page = try await headteacher.get("/outbox")
            #expect(page.status == .ok)
            #expect(page.body.contains("Not delivered yet"))
            #expect(page.body.contains("Connection refused"))
            #expect(page.body.contains("teacher@stcleopas.example.org"))
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            #expect(try await teacher.get("/outbox").status == .forbidden)
            // Another school's headteacher cannot retry it.
            let other = try await Browser.signedIn(app, as: demo.account("holy-trinity", "headteacher").email)
            let id = try message.requireID()
            #expect(
                try await other.post("/outbox/\(id)/retry", [], csrfFrom: "/outbox").status == .notFound)

            // The server is back; "Try again now" makes it due at once.
            try install("cat > '\(captured.path)'\n")
            let retry = try await headteacher.post("/outbox/\(id)/retry", [], csrf: page.csrf)
            #expect(retry.status == .seeOther)
            #expect(try await JobRunner(app: app).runDue().mailSent == 1)
            let delivered = try String(contentsOf: captured, encoding: .utf8)
            #expect(delivered.contains("To: teacher@stcleopas.example.org\r\n"))
            #expect(delivered.contains("Subject: Set your Steward password"))
            message = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(message.status == .sent)
            #expect(message.lastError == nil)
            #expect(try await app.auditActions().contains("mail.retry_requested"))
        }
    }

    @Test("A job that throws is retried later with its error kept; one that always throws gives up and shows")
    func crashingJobs() async throws {
        try await withSteward { app, demo in
            let calls = RunLog()
            app.steward.jobHandlers["test.flaky"] = { job, _ in
                await calls.add(job.id?.uuidString ?? "")
                if await calls.ran.count < 3 { throw Abort(.internalServerError, reason: "disk full") }
            }
            app.steward.jobHandlers["test.broken"] = { _, _ in throw Abort(.internalServerError, reason: "always") }
            let flaky = try await Jobs.enqueue(on: app.db, kind: "test.flaky")
            let broken = try await Jobs.enqueue(on: app.db, kind: "test.broken", maxAttempts: 2)
            let start = Date()
            let first = try await JobRunner(app: app).runDue(now: { start })
            #expect(first.jobsFailed == 2)
            var job = try #require(try await Job.find(flaky.id, on: app.db))
            #expect(job.status == .queued)
            #expect(job.attempts == 1)
            #expect(job.lastError?.contains("disk full") == true)
            #expect(job.dueAt > start)

            _ = try await JobRunner(app: app).runDue(now: { start.addingTimeInterval(3600) })
            _ = try await JobRunner(app: app).runDue(now: { start.addingTimeInterval(7200) })
            job = try #require(try await Job.find(flaky.id, on: app.db))
            #expect(job.status == .done)
            #expect(await calls.ran.count == 3)
            let gaveUp = try #require(try await Job.find(broken.id, on: app.db))
            #expect(gaveUp.status == .failed)
            #expect(gaveUp.attempts == 2)
            #expect(gaveUp.lastError?.contains("always") == true)

            let page = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
                .get("/outbox")
            #expect(page.body.contains("test.broken"))
            #expect(page.body.contains("Gave up"))
        }
    }

    @Test("A runner that stops mid-job leaves it to another runner once its lease runs out")
    func leaseExpiry() async throws {
        try await withSteward { app, _ in
            let job = try await Jobs.enqueue(on: app.db, kind: "test.any")
            let now = Date()
            let taken = try await Jobs.claimNext(db: app.db, runner: "a", now: now)
            #expect(taken?.id == job.id)
            #expect(try await Jobs.claimNext(db: app.db, runner: "b", now: now.addingTimeInterval(60)) == nil)
            let later = now.addingTimeInterval(Jobs.claimLease + 1)
            let retaken = try #require(try await Jobs.claimNext(db: app.db, runner: "b", now: later))
            #expect(retaken.id == job.id)
            #expect(retaken.attempts == 2)
            #expect(retaken.lastError?.contains("runner stopped during attempt 1") == true)
            // The first runner, come back to life, cannot overwrite what the second is doing.
            try await Jobs.finish(try #require(taken), runner: "a", error: nil, db: app.db, now: later)
            #expect(try await Job.find(job.id, on: app.db)?.status == .running)
            try await Jobs.finish(retaken, runner: "b", error: nil, db: app.db, now: later)
            #expect(try await Job.find(job.id, on: app.db)?.status == .done)
        }
    }

    @Test("Two runners working at once never run the same job twice")
    func twoRunners() async throws {
        try await withSteward { app, _ in
            let log = RunLog()
            app.steward.jobHandlers["test.count"] = { job, _ in
                try await Task.sleep(for: .milliseconds(3))
                await log.add(job.id?.uuidString ?? "")
            }
            var ids: Set<String> = []
            for _ in 0..<40 { ids.insert(try await Jobs.enqueue(on: app.db, kind: "test.count").id?.uuidString ?? "") }
            async let a = JobRunner(app: app, name: "runner-a").runDue()
            async let b = JobRunner(app: app, name: "runner-b").runDue()
            let (ra, rb) = try await (a, b)
            #expect(ra.jobsSucceeded + rb.jobsSucceeded == 40)
            let ran = await log.ran
            #expect(ran.count == 40)
            #expect(Set(ran) == ids)
        }
    }

    @Test("The daily purge removes expired sessions, old attempts and uploads, and says so in the audit log")
    func purge() async throws {
        try await withSteward { app, demo in
            try await Jobs.ensureRecurring(on: app.db)
            try await Jobs.ensureRecurring(on: app.db)
            // The purge, the nightly backup, case deadlines and approval expiry once for the instance; policy
            // reminders, the weekly summary, declaration reminders, privacy-check reminders and the records purge
            // once for each of the three demo schools, on its own clock.
            #expect(try await app.count("jobs") == 4 + 5 * 3)
            let email = demo.account("st-cleopas", "teacher").email
            let old = Date().addingTimeInterval(-3 * 24 * 3600)
            try await LoginAttempt(email: email, clientAddress: "192.0.2.1", succeeded: false, at: old).create(
                on: app.db)
            try await LoginAttempt(email: email, clientAddress: "192.0.2.1", succeeded: false, at: Date()).create(
                on: app.db)
            let stale = try await Browser.signedIn(app, as: email)
            let fresh = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            try await app.sql.raw(
                "UPDATE browser_sessions SET last_seen_at = \(bind: old), created_at = \(bind: old) WHERE person_id = \(bind: try await app.personID(email))"
            ).run()
            let summary = try await JobRunner(app: app).runDue()
            #expect(summary.jobsSucceeded == 2)  // the purge and approval expiry: reminders wait for 07:00
            #expect(try await app.count("login_attempts") == 1)
            #expect(try await app.count("browser_sessions") == 1)
            #expect(try await stale.get("/").status == .seeOther)
            #expect(try await fresh.get("/").status == .ok)
            #expect(try await app.auditActions().last == "maintenance.purged")
            // The purge comes round again tomorrow.
            let job = try #require(try await Job.query(on: app.db).filter(\.$kind == Maintenance.purgeKind).first())
            #expect(job.status == .queued)
            #expect(job.dueAt > Date().addingTimeInterval(23 * 3600))
        }
    }

    @Test("Spreadsheet exports defuse formulas, are audited, and import back unchanged")
    func exports() async throws {
        try await withSteward { app, demo in
            let james = try #require(
                try await Person.query(on: app.db).filter(\.$email == demo.account("st-cleopas", "teacher").email)
                    .first())
            james.jobTitle = "=HYPERLINK(\"http://evil.example\",\"Click\")"
            try await james.update(on: app.db)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let csv = try await head.get("/people/export.csv")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            #expect(csv.body.contains(#""'=HYPERLINK(""http://evil.example"",""Click"")""#))
            #expect(!csv.body.contains("holytrinity.example.org"))
            #expect(try await app.auditActions().last == "people.exported")

            guard
                case .planned(let plan) = try await ImportPeopleTests.run(
                    app, String(csv.body.drop(while: { $0 == "\u{FEFF}" })), dryRun: true)
            else {
                Issue.record("The export is a valid import file")
                return
            }
            #expect(plan.contains("0 to add, 0 to change, 0 to deactivate"))

            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            #expect(try await teacher.get("/people/export.csv").status == .forbidden)
            #expect(try await teacher.get("/pupils/export.csv").status == .forbidden)
            let social = try await Browser.signedIn(app, as: demo.account("st-cleopas", "socialmedia").email)
            #expect(try await social.get("/pupils/export.csv").status == .forbidden)
            let roster = try await head.get("/pupils/export.csv")
            #expect(roster.status == .ok)
            #expect(roster.body.contains("UPN,Legal Forename,Preferred Forename,Legal Surname"))
            #expect(try await app.auditActions().last == "roster.exported")
        }
    }
}

/// Keeps what is logged, to check what the `log` transport writes.
final class CapturedLog: LogHandler, @unchecked Sendable {
    let lines = NIOLockedValueBox<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        lines.withLockedValue { $0.append("\(level): \(message)") }
    }
}

@Suite("Mail transports")
struct MailTransportTests {
    @Test("The log transport writes the recipient, subject and body to the log")
    func logTransport() async throws {
        let capture = CapturedLog()
        let transport = MailSetting.log.transport(logger: Logger(label: "test") { _ in capture })
        let message = MailMessage(
            from: "steward@example.org", to: "office@stcleopas.example.org", subject: "Hello", body: "The body",
            messageID: "1@steward", date: Date())
        try await transport.deliver(message, id: UUID())
        let lines = capture.lines.withLockedValue { $0 }
        #expect(lines == ["notice: Mail to office@stcleopas.example.org: Hello\nThe body"])
    }

    @Test("A sendmail program that is missing is a delivery failure with a clear reason, not a crash")
    func missingProgram() async throws {
        let transport = SendmailTransport(path: "/nonexistent/sendmail")
        let message = MailMessage(
            from: "steward@example.org", to: "office@stcleopas.example.org", subject: "Hello", body: "Body",
            messageID: "1@steward", date: Date())
        do {
            try await transport.deliver(message, id: UUID())
            Issue.record("Delivery through a missing program must fail")
        } catch {
            #expect(String(describing: error).contains("cannot run /nonexistent/sendmail"))
        }
    }
}
