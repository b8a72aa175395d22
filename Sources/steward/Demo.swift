// `steward demo`: a demo trust on SQLite, seeded once, printed and served on 127.0.0.1.

import App
import ArgumentParser

extension Steward {
    /// `steward demo [--data-dir DIR] [--port P] [--seed-only] [--json]`.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a demo trust of schools, print who can sign in, and serve it on 127.0.0.1.",
            discussion: """
                The data is created once, with someone in every role; run it again and it serves the same database \
                and prints the same accounts. Mail it sends is saved as .eml files in DIR/mail. It keeps to its own \
                data directory whatever STEWARD_DATA_DIR says.
                """)

        @Option(
            name: .customLong("data-dir"),
            help: ArgumentHelp("Where the demo keeps its database, key and mail.", valueName: "dir"))
        var dataDirectory = "./data"

        @Option(help: "The port to serve on, 1 to 65535.")
        var port = 8080

        @Flag(
            name: .customLong("seed-only"), help: "Create the data and print the accounts, then exit without serving.")
        var seedOnly = false

        @Flag(help: "Print the accounts as JSON (and log only errors), for scripts.")
        var json = false

        func validate() throws {
            guard !dataDirectory.isEmpty else { throw ValidationError("--data-dir needs a directory.") }
            guard (1...65535).contains(port) else { throw ValidationError("--port needs a number from 1 to 65535.") }
        }

        func run() async throws {
            let demo = DemoCommand(dataDirectory: dataDirectory, port: port, seedOnly: seedOnly, json: json)
            // JSON on standard output is for scripts: only errors are logged beside it.
            let code = await CommandRunner.run(demo, logLevel: json ? ApplicationOptions.LogLevel.error.rawValue : nil)
            if code != 0 { throw ExitCode(code) }
        }
    }
}
