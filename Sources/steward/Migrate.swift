// `steward migrate`: Vapor's own migrate command, behind this command line's parser.

import App
import ArgumentParser

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

        func run() async throws {
            try await options.run(VaporCommand.migrate(revert: revert, yes: yes))
        }
    }
}
