// Builds the configured application for one command, runs the command in it, and shuts the application down.

import Foundation
import Logging
import StewardCore
import Vapor

/// Runs an `ApplicationCommand` in the application built from the process environment's configuration.
public enum CommandRunner {
    /// Configures and migrates the application, runs `command` in it and shuts it down; answers the exit status
    /// (78 when the configuration cannot start). `environment` and `logLevel` are `--env` and `--log`, already checked.
    public static func run(
        _ command: some ApplicationCommand, environment name: String? = nil, logLevel: String? = nil
    ) async -> Int32 {
        // A mail program that exits early must not take Steward down with it.
        signal(SIGPIPE, SIG_IGN)
        command.prepareEnvironment()
        var arguments = [CommandLine.arguments.first ?? "steward"]
        if let name { arguments += ["--env", name] }
        if let logLevel { arguments += ["--log", logLevel] }
        var environment: Environment
        let config: StewardConfig
        do {
            environment = try Environment.detect(arguments: arguments)
            // Log lines go to standard error, so what a command prints (`demo --json`'s accounts) is all of its output.
            try LoggingSystem.bootstrap(from: &environment) { level in
                { label in
                    var handler = StreamLogHandler.standardError(label: label)
                    handler.logLevel = level
                    return handler
                }
            }
            config = try StewardConfig.fromEnvironment()
        } catch {
            report("cannot start: \(error)")
            return 78
        }

        let app: Application
        do {
            app = try await Application.make(environment)
        } catch {
            report("cannot start: \(error)")
            return 1
        }
        locateResources(app)
        var code: Int32 = 0
        do {
            try await configure(app, config: config)
            if command.migratesFirst { try await MigrationLock.migrate(app) }
            try await command.run(in: app)
        } catch let exit as CommandExit {
            code = exit.code
        } catch let failure as CommandFailure {
            report(failure.message)
            code = failure.code
        } catch {
            report("\(error)")
            code = 1
        }
        // The server has stopped listening; a handler whose client hung up may still be running. Shutting the database
        // down under it would crash the process, so wait for it; if it never finishes, stop without tearing anything
        // down (every write is one transaction, so nothing is left half done).
        if await !stopServingAndDrain(app) { exit(code == 0 ? 1 : code) }
        do {
            try await app.asyncShutdown()
        } catch {
            report("\(error)")
        }
        return code
    }

    /// Writes `message` to standard error, where errors go, whatever the console does with its own output.
    static func report(_ message: String) {
        FileHandle.standardError.write(Data("steward: \(message)\n".utf8))
    }
}
