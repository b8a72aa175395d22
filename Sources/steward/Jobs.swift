// `steward jobs run|status`: background jobs and queued mail, outside the server.

import App
import ArgumentParser

extension Steward {
    /// `steward jobs …`.
    struct Jobs: SubcommandGroup {
        static let configuration = CommandConfiguration(
            abstract: "Background jobs and queued mail: run them (jobs run) or see what waits (jobs status).",
            subcommands: [Run.self, Status.self])

        /// `steward jobs run [--once]`.
        struct Run: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Deliver due mail and run due jobs; safe beside `steward serve`.",
                discussion: "Keeps running until stopped, unless --once. With --once, exits 1 if anything failed.")

            @Flag(help: "Run what is due now, then exit (for cron).")
            var once = false

            @OptionGroup var options: ApplicationOptions

            func run() async throws {
                try await options.run(JobsRunCommand(once: once))
            }
        }

        /// `steward jobs status`.
        struct Status: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show queued and failing mail and jobs.")

            @OptionGroup var options: ApplicationOptions

            func run() async throws {
                try await options.run(JobsStatusCommand())
            }
        }
    }
}
