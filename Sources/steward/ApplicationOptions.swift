// `--env` and `--log`: what every command that opens the application accepts, as Vapor's own commands did.

import App
import ArgumentParser

/// `--env` and `--log`, for every command that opens the application, and the hand-over to `CommandRunner`.
struct ApplicationOptions: ParsableArguments {
    @Option(
        name: [.customShort("e"), .long],
        help: ArgumentHelp(
            "The environment: development (the default, or VAPOR_ENV), production or testing.", valueName: "name"))
    var env: String?

    @Option(
        help: ArgumentHelp("How much to log (default info, notice in production, or LOG_LEVEL).", valueName: "level"))
    var log: LogLevel?

    /// The log levels `--log` accepts, so a misspelt one is bad usage rather than a surprise at start-up.
    enum LogLevel: String, CaseIterable, ExpressibleByArgument {
        case trace, debug, info, notice, warning, error, critical
    }

    /// Runs `command` in the configured application; a status other than 0 ends the process with it.
    func run(_ command: some ApplicationCommand) async throws {
        let code = await CommandRunner.run(command, environment: env, logLevel: log?.rawValue)
        if code != 0 { throw ExitCode(code) }
    }
}
