// The `steward` command: every subcommand's options parsed and checked here, before anything is opened or created.

import App
import ArgumentParser

/// `steward`: the server, the operator's commands over its data, and offline screening, under one parser. `--help`
/// and bad usage (exit status 64) are answered before any setting is read, directory created or database opened.
@main
struct Steward: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steward",
        abstract: "A school's staff social-media policy, day to day: the server, its data, and offline screening.",
        discussion: """
            Commands that open the database read their settings from STEWARD_* variables (STEWARD_DATA_DIR, \
            STEWARD_DATABASE_URL …; see README.md) and migrate it first. With no command, steward serves.

            Exit status: 0 done; 1 failed (the message says why); 64 bad usage; 78 a setting that stops start-up. \
            Some commands say more in their own help (`steward screen --help`).
            """,
        groupedSubcommands: [
            CommandGroup(name: "Running Steward", subcommands: [Serve.self, Demo.self, Migrate.self, Routes.self]),
            CommandGroup(
                name: "Operating it",
                subcommands: [
                    Import.self, Policy.self, School.self, Token.self, Jobs.self, Mail.self, Audit.self, Backup.self,
                    Restore.self,
                ]),
            CommandGroup(
                name: "Screening offline (no database)",
                subcommands: [Screen.self, StripMetadata.self, ScreenEval.self]),
        ],
        defaultSubcommand: Serve.self
    )

    /// Parses the command line and runs the command, with Swift Concurrency's tasks on NIO's event loops.
    static func main() async {
        _ = ConcurrencyExecutor.useEventLoops()
        await main(nil)
    }
}
