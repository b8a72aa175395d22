// `steward token create`: API tokens from the command line.

import App
import ArgumentParser
import StewardCore

extension Steward {
    /// `steward token …`.
    struct Token: SubcommandGroup {
        static let configuration = CommandConfiguration(
            abstract: "API tokens: make one for a person (token create).", subcommands: [Create.self])

        /// `steward token create --email E --name N [--days D]`.
        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create an API token for a person and print it once; only a hash of it is kept.",
                discussion: """
                    The token cannot read confidential cases: only the person can grant that, from their account \
                    page after entering a code. Exits 1 when no active person has the address.
                    """)

            @Option(help: "The email address of the person the token acts for.")
            var email: String

            @Option(help: "What the token is for, e.g. 'MIS sync' (up to 60 characters).")
            var name: String

            @Option(help: "How many days the token works: 7, 30, 90 (the default) or 365.")
            var days: Int?

            @OptionGroup var options: ApplicationOptions

            func validate() throws {
                if case .failure(let error) = TextRules.email(email) {
                    throw ValidationError("--email: \(error.message)")
                }
                if case .failure(let error) = TextRules.line(name, field: "name", label: "--name", maxLength: 60) {
                    throw ValidationError(error.message)
                }
                if let days, !APITokenLifetime.choices.contains(days) {
                    let choices = APITokenLifetime.choices.map(String.init).joined(separator: ", ")
                    throw ValidationError("--days must be one of \(choices).")
                }
            }

            func run() async throws {
                try await options.run(TokenCreateCommand(email: email, name: name, days: days))
            }
        }
    }
}
