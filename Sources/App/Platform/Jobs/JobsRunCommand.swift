// `steward jobs run [--once]`: runs due mail and jobs once, or until stopped.

import Fluent
import Foundation
import StewardCore
import Vapor

/// `steward jobs run`: delivers due mail and runs due jobs, beside or instead of `steward serve`'s own runner.
public struct JobsRunCommand: ApplicationCommand {
    /// Run what is due now and exit (for cron), 1 if anything failed; otherwise keep running until stopped.
    public var once: Bool

    public init(once: Bool) { self.once = once }

    public func run(in app: Application) async throws {
        let runner = JobRunner(app: app)
        if once {
            try await Jobs.ensureRecurring(on: app.db)
            let started = Date()
            let summary = try await runner.runDue()
            let seconds = Date().timeIntervalSince(started)
            app.console.print(
                "Mail: \(summary.mailSent) sent, \(summary.mailFailed) failed (will be retried). "
                    + "Jobs: \(summary.jobsSucceeded) done, \(summary.jobsFailed) failed. "
                    + String(format: "%.2f s.", seconds))
            if summary.mailFailed > 0 || summary.jobsFailed > 0 { throw CommandExit(1) }
        } else {
            app.console.print("Running background jobs and mail (\(app.steward.config.mail)); Ctrl-C to stop.")
            await runner.runForever()
        }
    }
}
