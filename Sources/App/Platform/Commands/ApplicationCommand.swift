// A command that runs inside the configured application, once the command line has parsed and checked its options.

import Vapor

/// A command that runs inside the configured application. The `steward` command line parses and checks the options
/// (so `--help` and bad usage never open anything), builds one of these and hands it to `CommandRunner`.
public protocol ApplicationCommand: Sendable {
    /// Whether the database is migrated before `run`: true for every command but `migrate` itself and `routes`.
    var migratesFirst: Bool { get }

    /// Sets what this command needs in the process environment before the configuration is read from it.
    func prepareEnvironment()

    /// Does the command's work. Throws `CommandFailure` with a message and exit status for what the operator can fix,
    /// or `CommandExit` when the command has printed its own report.
    func run(in app: Application) async throws
}

extension ApplicationCommand {
    public var migratesFirst: Bool { true }
    public func prepareEnvironment() {}
}
