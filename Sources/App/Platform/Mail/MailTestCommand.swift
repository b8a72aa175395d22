// `steward mail test --to ADDRESS [--count N]`: sends test messages through the configured transport.

import Fluent
import Foundation
import StewardCore
import Vapor

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
