// `steward jobs status`: what is waiting, running and failing.

import Fluent
import Foundation
import StewardCore
import Vapor

/// `steward jobs status`: queued and failing mail, and every job not yet done.
public struct JobsStatusCommand: ApplicationCommand {
    public init() {}

    public func run(in app: Application) async throws {
        let db = app.db
        let queued = try await OutboxMessage.query(on: db).filter(\.$status != .sent).count()
        let failing = try await OutboxMessage.query(on: db).filter(\.$status != .sent).filter(\.$attempts > 0).count()
        let sent = try await OutboxMessage.query(on: db).filter(\.$status == .sent).count()
        app.console.print(
            "Mail (\(app.steward.config.mail)): \(queued) waiting, of which \(failing) failed at least once; \(sent) sent."
        )
        let jobs = try await Job.query(on: db).filter(\.$status != .done).sort(\.$dueAt).all()
        for job in jobs {
            let error = job.lastError.map { " — last error: \($0)" } ?? ""
            app.console.print(
                "Job \(job.kind): \(job.status.rawValue), due \(ISO8601DateFormatter().string(from: job.dueAt)), "
                    + "attempts \(job.attempts)/\(job.maxAttempts)\(error)")
        }
    }
}
