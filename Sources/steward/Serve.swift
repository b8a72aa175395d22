// `steward serve`: Vapor's server, with Steward's background jobs unless --no-jobs.

import App
import ArgumentParser

extension Steward {
    /// `steward serve [--hostname H] [--port P] [--no-jobs]`: the default command.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve Steward over HTTP, migrating the database first.",
            discussion: """
                Delivers mail and runs background jobs in the same process unless --no-jobs is given. On SIGTERM \
                it stops listening, lets the requests it is handling finish (up to a minute), then exits 0. Runs in \
                the production environment (pages' templates read once and cached, logging from notice up) unless \
                --env or VAPOR_ENV says otherwise.
                """)

        @Option(name: [.customShort("H"), .long], help: "The address to listen on (default 127.0.0.1).")
        var hostname: String?

        @Option(name: [.short, .long], help: "The port to listen on, 1 to 65535 (default 8080).")
        var port: Int?

        @Option(
            name: [.short, .long],
            help: ArgumentHelp(
                "The address and port together, instead of --hostname and --port.", valueName: "host:port"))
        var bind: String?

        @Option(
            name: .customLong("unix-socket"),
            help: ArgumentHelp("Listen on this Unix domain socket instead of an address and port.", valueName: "path"))
        var unixSocket: String?

        @Flag(name: .customLong("no-jobs"), help: "Leave background jobs and mail to a separate `steward jobs run`.")
        var noJobs = false

        @OptionGroup var options: ApplicationOptions

        func validate() throws {
            let ways = [hostname != nil || port != nil, bind != nil, unixSocket != nil].filter { $0 }
            guard ways.count <= 1 else {
                throw ValidationError("Give --hostname and --port, or --bind, or --unix-socket: only one of them.")
            }
            if let port, !(1...65535).contains(port) { throw ValidationError("--port needs a number from 1 to 65535.") }
            if let bind {
                let parts = bind.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65535).contains(port) else {
                    throw ValidationError("--bind needs an address and a port, such as 127.0.0.1:8080.")
                }
            }
        }

        func run() async throws {
            try await options.run(
                VaporCommand.serve(
                    hostname: hostname, port: port, bind: bind, unixSocket: unixSocket, runsJobs: !noJobs),
                defaultEnvironment: "production")
        }
    }
}
