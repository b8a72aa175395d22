// PostgreSQL's own programs (pg_dump, pg_restore), found on this machine and run with the password kept off the
// command line.

import Foundation
import NIOPosix
import Vapor

/// PostgreSQL's client programs, found on `PATH` or in Debian's versioned directories (the newest first, since
/// `pg_dump` must be at least as new as the server).
struct PostgresTools: Sendable {
    var directory: URL?

    static func locate() throws(CommandFailure) -> PostgresTools {
        let fm = FileManager.default
        var candidates: [URL] = []
        let debian = URL(fileURLWithPath: "/usr/lib/postgresql", isDirectory: true)
        if let versions = try? fm.contentsOfDirectory(atPath: debian.path) {
            for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
                candidates.append(debian.appendingPathComponent(version).appendingPathComponent("bin"))
            }
        }
        for path in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(URL(fileURLWithPath: String(path)))
        }
        for directory in candidates
        where fm.isExecutableFile(atPath: directory.appendingPathComponent("pg_dump").path)
            && fm.isExecutableFile(atPath: directory.appendingPathComponent("pg_restore").path)
        {
            return PostgresTools(directory: directory)
        }
        throw CommandFailure(
            message:
                "A PostgreSQL backup needs pg_dump and pg_restore (Debian's postgresql-client package), and neither "
                + "was found.", code: 1)
    }

    /// Runs `program` against `databaseURL` (given as `--dbname` without its password, which goes in `PGPASSWORD`),
    /// off the event loops; a failure carries what the program said.
    func run(
        _ program: String, _ arguments: [String], databaseURL: String, threadPool: NIOThreadPool
    ) async throws {
        guard let directory, var parts = URLComponents(string: databaseURL) else {
            throw CommandFailure(message: "STEWARD_DATABASE_URL cannot be read.", code: 78)
        }
        var environment = ProcessInfo.processInfo.environment
        if let password = parts.password {
            environment["PGPASSWORD"] = password
            parts.password = nil
        }
        if parts.scheme == "postgres" { parts.scheme = "postgresql" }
        let target = parts.string ?? databaseURL
        let settings = environment
        let executable = directory.appendingPathComponent(program)
        try await threadPool.runIfActive {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments + ["--dbname=\(target)"]
            process.environment = settings
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let said = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                let text = String(decoding: said.prefix(2_000), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                throw CommandFailure(message: "\(program) failed: \(text)", code: 1)
            }
        }
    }
}
