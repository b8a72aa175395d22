// `--env` and `--log`: what every command that opens the application accepts, as Vapor's own commands did.

import App
import ArgumentParser
import Foundation

/// `--env` and `--log`, for every command that opens the application, and the hand-over to `CommandRunner`.
struct ApplicationOptions: ParsableArguments {
    @Option(
        name: [.customShort("e"), .long],
        help: ArgumentHelp(
            "The environment: production, development or testing (default VAPOR_ENV, else production for serve and "
                + "development for the rest).", valueName: "name"))
    var env: String?

    @Option(
        help: ArgumentHelp("How much to log (default info, notice in production, or LOG_LEVEL).", valueName: "level"))
    var log: LogLevel?

    /// The log levels `--log` accepts, so a misspelt one is bad usage rather than a surprise at start-up.
    enum LogLevel: String, CaseIterable, ExpressibleByArgument {
        case trace, debug, info, notice, warning, error, critical
    }

    /// Runs `command` in the configured application; a status other than 0 ends the process with it. Without `--env`
    /// or `VAPOR_ENV`, the command runs in `defaultEnvironment` (Vapor's development when nil).
    func run(_ command: some ApplicationCommand, defaultEnvironment: String? = nil) async throws {
        let named = env ?? (ProcessInfo.processInfo.environment["VAPOR_ENV"].flatMap { $0.isEmpty ? nil : $0 })
        let code = await CommandRunner.run(command, environment: named ?? defaultEnvironment, logLevel: log?.rawValue)
        if code != 0 { throw ExitCode(code) }
    }
}
