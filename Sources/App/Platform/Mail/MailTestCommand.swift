// `steward mail test --to ADDRESS [--count N]`: sends test messages through the configured transport.

import Fluent
import Foundation
import StewardCore
import Vapor

/// `steward mail test`: queues test messages; `steward jobs run --once` (or a running server) delivers them.
public struct MailTestCommand: ApplicationCommand {
    public var to: String
    /// How many messages to queue, 1 to 100,000 (more than one to measure throughput).
    public var count: Int

    /// How many messages one command may queue.
    public static let counts = 1...100_000

    public init(to: String, count: Int) {
        self.to = to
        self.count = count
    }

    public func run(in app: Application) async throws {
        let to: String
        switch TextRules.email(self.to) {
        case .success(let value): to = value
        case .failure(let error): throw CommandFailure.usage("--to: \(error.message)")
        }
        let count = self.count
        guard Self.counts.contains(count) else { throw CommandFailure.usage("--count must be from 1 to 100000.") }
        let baseURL = app.steward.config.baseURL.absoluteString
        try await AuditLog.write(on: app.db, context: .command("mail test", app)) { db, audit in
            for n in 1...count {
                try await Outbox.enqueue(
                    on: db, schoolID: nil, kind: "test", to: to, subject: "Steward test message \(n)",
                    body: "This is a test message from Steward at \(baseURL). If it reached you, mail works.")
            }
            try await audit.append("mail.test_queued", details: ["to": to, "count": String(count)])
        }
        app.console.print("Queued \(count) test message\(count == 1 ? "" : "s") to \(to).")
    }
}
