// `steward migrate`: Vapor's own migrate command, behind this command line's parser.

import App
import ArgumentParser
import Foundation

extension Steward {
    /// `steward migrate [--revert] [--yes]`.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring the database up to date, listing the migrations and asking first.",
            discussion: "Every other command that opens the database (serve included) migrates it without asking.")

        @Flag(help: "Undo the last batch of migrations instead.")
        var revert = false

        @Flag(name: [.short, .long], help: "Answer yes instead of asking (for scripts).")
        var yes = false

        @OptionGroup var options: ApplicationOptions

        func validate() throws {
            // Asking needs someone to answer: with standard input from a file or a closed pipe, the question would
            // read nothing and stop the process.
            if !yes && isatty(STDIN_FILENO) == 0 {
                throw ValidationError(
                    "steward migrate asks before it changes the database, and nobody is at a terminal to answer: "
                        + "give --yes to answer for it.")
            }
        }

        func run() async throws {
            try await options.run(VaporCommand.migrate(revert: revert, yes: yes))
        }
    }
}
