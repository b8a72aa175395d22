// `steward serve`, `migrate` and `routes`: Vapor's own commands, given arguments the command line has already checked.

import Vapor

/// One of Vapor's own commands (`serve`, `migrate`, `routes`), run with arguments built from options the `steward`
/// command line has already parsed and checked, so Vapor's parser never sees anything it could refuse.
public struct VaporCommand: ApplicationCommand {
    /// The command and its options as Vapor reads them, without the program's name.
    public let arguments: [String]
    /// Whether `serve` runs background jobs and delivers mail in its own process.
    public let runsJobs: Bool
    public let migratesFirst: Bool

    /// Serves HTTP until SIGTERM or SIGINT. Give at most one of a hostname and port, `bind`, or a Unix socket.
    public static func serve(
        hostname: String? = nil, port: Int? = nil, bind: String? = nil, unixSocket: String? = nil, runsJobs: Bool
    ) -> VaporCommand {
        var arguments = ["serve"]
        if let hostname { arguments += ["--hostname", hostname] }
        if let port { arguments += ["--port", String(port)] }
        if let bind { arguments += ["--bind", bind] }
        if let unixSocket { arguments += ["--unix-socket", unixSocket] }
        return VaporCommand(arguments: arguments, runsJobs: runsJobs, migratesFirst: true)
    }

    /// Lists the migrations still to run and asks before running them (`yes` answers for the operator); `revert`
    /// undoes the last batch.
    public static func migrate(revert: Bool, yes: Bool) -> VaporCommand {
        let arguments = ["migrate"] + (revert ? ["--revert"] : []) + (yes ? ["--yes"] : [])
        return VaporCommand(arguments: arguments, runsJobs: false, migratesFirst: false)
    }

    /// Lists every route the server answers.
    public static let routes = VaporCommand(arguments: ["routes"], runsJobs: false, migratesFirst: false)

    public func run(in app: Application) async throws {
        if runsJobs { runBackgroundJobsInProcess(app) }
        app.environment.commandInput = CommandInput(
            arguments: [app.environment.arguments.first ?? "steward"] + arguments)
        if arguments.first == "migrate" {
            try await MigrationLock.holding(app) { try await app.execute() }
        } else {
            try await app.execute()
        }
    }
}
