// `steward jobs run [--once]`, `steward jobs status` and `steward mail test --to ADDRESS [--count N]`.

import Fluent
import Foundation
import StewardCore
import Vapor

struct JobsCommand: AsyncCommandGroup {
    var help: String { "Run background jobs and deliver queued mail." }
    var commands: [String: any AnyAsyncCommand] { ["run": JobsRunCommand(), "status": JobsStatusCommand()] }
}

struct JobsRunCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "once", help: "Run what is due now, then exit (for cron)")
        var once: Bool
    }

    var help: String {
        "Deliver due mail and run due jobs; keeps running unless --once. Safe to run beside `steward serve`."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let runner = JobRunner(app: app)
        if signature.once {
            try await Jobs.ensureRecurring(on: app.db)
            let started = Date()
            let summary = try await runner.runDue()
            let seconds = Date().timeIntervalSince(started)
            context.console.print(
                "Mail: \(summary.mailSent) sent, \(summary.mailFailed) failed (will be retried). "
                    + "Jobs: \(summary.jobsSucceeded) done, \(summary.jobsFailed) failed. "
                    + String(format: "%.2f s.", seconds))
            if summary.mailFailed > 0 || summary.jobsFailed > 0 { throw CommandExit(1) }
        } else {
            context.console.print("Running background jobs and mail (\(app.steward.config.mail)); Ctrl-C to stop.")
            await runner.runForever()
        }
    }
}

struct JobsStatusCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Show queued and failing mail and jobs." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        let queued = try await OutboxMessage.query(on: db).filter(\.$status != .sent).count()
        let failing = try await OutboxMessage.query(on: db).filter(\.$status != .sent).filter(\.$attempts > 0).count()
        let sent = try await OutboxMessage.query(on: db).filter(\.$status == .sent).count()
        context.console.print(
            "Mail (\(context.application.steward.config.mail)): \(queued) waiting, of which \(failing) failed at least once; \(sent) sent."
        )
        let jobs = try await Job.query(on: db).filter(\.$status != .done).sort(\.$dueAt).all()
        for job in jobs {
            let error = job.lastError.map { " — last error: \($0)" } ?? ""
            context.console.print(
                "Job \(job.kind): \(job.status.rawValue), due \(ISO8601DateFormatter().string(from: job.dueAt)), "
                    + "attempts \(job.attempts)/\(job.maxAttempts)\(error)")
        }
    }
}

struct MailCommand: AsyncCommandGroup {
    var help: String { "Check outgoing mail." }
    var commands: [String: any AnyAsyncCommand] { ["test": MailTestCommand()] }
}

struct MailTestCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "Address to send a test message to")
        var to: String?
        @Option(name: "count", help: "How many messages to queue (default 1; more to measure throughput)")
        var count: Int?
    }

    var help: String { "Queue a test message; `steward jobs run --once` (or a running server) delivers it." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let to: String
        switch TextRules.email(signature.to) {
        case .success(let value): to = value
        case .failure(let error):
            context.console.error("--to: \(error.message)")
            throw CommandExit(64)
        }
        let count = signature.count ?? 1
        guard (1...100_000).contains(count) else {
            context.console.error("--count must be from 1 to 100000.")
            throw CommandExit(64)
        }
        let baseURL = context.application.steward.config.baseURL.absoluteString
        try await AuditLog.write(on: context.application.db, context: .command("mail test", context.application)) {
            db, audit in
            for n in 1...count {
                try await Outbox.enqueue(
                    on: db, schoolID: nil, kind: "test", to: to, subject: "Steward test message \(n)",
                    body: "This is a test message from Steward at \(baseURL). If it reached you, mail works.")
            }
            try await audit.append("mail.test_queued", details: ["to": to, "count": String(count)])
        }
        context.console.print("Queued \(count) test message\(count == 1 ? "" : "s") to \(to).")
    }
}
