// Runs due mail and jobs: once (`steward jobs run --once`) or until stopped (the in-process runner of `serve`).

import Fluent
import Foundation
import Logging
import SQLKit
import StewardCore
import Vapor

/// Runs due mail and jobs: once (`steward jobs run --once`) or until stopped (the in-process runner of `serve`).
struct JobRunner: Sendable {
    let app: Application
    let name: String
    let handlers: [String: JobHandler]

    init(app: Application, name: String? = nil) {
        self.app = app
        self.name =
            name
            ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        self.handlers = app.steward.jobHandlers
    }

    struct Summary: Sendable, Equatable {
        var mailSent = 0
        var mailFailed = 0
        var jobsSucceeded = 0
        var jobsFailed = 0
    }

    /// Delivers due mail, then runs due jobs (and the mail they queue), until nothing more is due.
    func runDue(now: @escaping @Sendable () -> Date = { Date() }) async throws -> Summary {
        var summary = Summary()
        let config = app.steward.config
        let transport = config.mail.transport(logger: app.logger)
        func deliver() async throws {
            let delivery = try await Outbox.deliverDue(
                db: app.db, transport: transport, from: config.mailFrom, logger: app.logger, now: now)
            summary.mailSent += delivery.sent
            summary.mailFailed += delivery.failed
        }
        try await deliver()
        while let job = try await Jobs.claimNext(db: app.db, runner: name, now: now()) {
            var failure: (any Error)?
            do {
                guard let handler = handlers[job.kind] else {
                    throw Abort(.internalServerError, reason: "No handler for jobs of kind '\(job.kind)'.")
                }
                try await handler(job, app)
                summary.jobsSucceeded += 1
            } catch {
                failure = error
                summary.jobsFailed += 1
                app.logger.error("Job \(job.kind) \(job.id?.uuidString ?? "") failed: \(error)")
            }
            try await Jobs.finish(job, runner: name, error: failure, db: app.db, now: now())
            try await deliver()
        }
        return summary
    }

    /// Runs due work every `interval` until the task is cancelled; a failing database is logged, never fatal.
    func runForever(interval: Duration = .seconds(2)) async {
        do {
            try await Jobs.ensureRecurring(on: app.db)
        } catch {
            app.logger.error("Could not schedule recurring jobs: \(error)")
        }
        while !Task.isCancelled {
            do {
                _ = try await runDue()
            } catch {
                app.logger.error("Background runner: \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }
}
