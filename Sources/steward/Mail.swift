// `steward mail test`: a test message through the configured mail transport.

import App
import ArgumentParser
import StewardCore

extension Steward {
    /// `steward mail …`.
    struct Mail: SubcommandGroup {
        static let configuration = CommandConfiguration(
            abstract: "Outgoing mail: send a test message (mail test).", subcommands: [Test.self])

        /// `steward mail test --to ADDRESS [--count N]`.
        struct Test: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Queue a test message; `steward jobs run --once` (or a running server) delivers it.")

            @Option(help: "The address to send the test message to.")
            var to: String

            @Option(help: "How many messages to queue, 1 to 100000 (more than one to measure throughput).")
            var count = 1

            @OptionGroup var options: ApplicationOptions

            func validate() throws {
                if case .failure(let error) = TextRules.email(to) { throw ValidationError("--to: \(error.message)") }
                guard MailTestCommand.counts.contains(count) else {
                    throw ValidationError("--count must be from 1 to 100000.")
                }
            }

            func run() async throws {
                try await options.run(MailTestCommand(to: to, count: count))
            }
        }
    }
}
