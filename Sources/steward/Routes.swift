// `steward routes`: Vapor's own routes command, behind this command line's parser.

import App
import ArgumentParser

extension Steward {
    /// `steward routes`.
    struct Routes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every route the server answers.")

        @OptionGroup var options: ApplicationOptions

        func run() async throws {
            try await options.run(VaporCommand.routes)
        }
    }
}
