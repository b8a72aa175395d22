// `steward audit verify`: the audit log's check.

import App
import ArgumentParser

extension Steward {
    /// `steward audit …`.
    struct Audit: SubcommandGroup {
        static let configuration = CommandConfiguration(
            abstract: "The audit log: check it is whole (audit verify).", subcommands: [Verify.self])

        /// `steward audit verify`.
        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Check every audit entry is present, unchanged and in order, and agrees with the checkpoints.",
                discussion: "Exits 0 when the log is whole, 1 naming the first bad entry when it is not.")

            @OptionGroup var options: ApplicationOptions

            func run() async throws {
                try await options.run(AuditVerifyCommand())
            }
        }
    }
}
