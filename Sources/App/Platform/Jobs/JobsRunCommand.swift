// `steward jobs run [--once]`: runs due mail and jobs once, or until stopped.

import Fluent
import Foundation
import StewardCore
import Vapor

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
