// The `steward` command: serve, demo, migrate, audit verify, token create … over the one configured application.

import App
import Foundation
import Logging
import StewardCore
import Vapor

var arguments = CommandLine.arguments
// A mail program that exits early must not take Steward down with it.
signal(SIGPIPE, SIG_IGN)
// `serve --no-jobs` leaves background jobs and mail to a separate `steward jobs run`.
let runsJobs = !arguments.contains("--no-jobs")
arguments.removeAll { $0 == "--no-jobs" }

// Screening is offline and needs no database: it runs before the server is configured.
if arguments.count > 1, arguments[1] == "screen" {
    let output = ScreenCommand.run(Array(arguments.dropFirst(2))) { path in
        path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
    }
    FileHandle.standardOutput.write(Data(output.stdout.utf8))
    FileHandle.standardError.write(Data(output.stderr.utf8))
    exit(output.code)
}
if arguments.count > 1, arguments[1] == "screen-eval" {
    let rest = Array(arguments.dropFirst(2))
    let verbose = rest.contains("--verbose")
    guard let path = rest.first(where: { !$0.hasPrefix("--") }) else {
        FileHandle.standardError.write(Data("usage: steward screen-eval CORPUS_DIR [--verbose]\n".utf8))
        exit(64)
    }
    do {
        let (screener, posts) = try ScreenEvaluation.load(directory: URL(fileURLWithPath: path))
        let result = ScreenEvaluation.evaluate(screener, posts: posts)
        print(ScreenEvaluation.report(result, verbose: verbose))
        exit(ScreenEvaluation.meetsFloors(result) ? 0 : 1)
    } catch {
        FileHandle.standardError.write(Data("steward screen-eval: \(error)\n".utf8))
        exit(64)
    }
}
if arguments.count > 1, arguments[1] == "strip-metadata" {
    let output = ScreenCommand.strip(
        Array(arguments.dropFirst(2)), read: { FileManager.default.contents(atPath: $0) },
        write: { FileManager.default.createFile(atPath: $0, contents: $1) })
    FileHandle.standardOutput.write(Data(output.stdout.utf8))
    FileHandle.standardError.write(Data(output.stderr.utf8))
    exit(output.code)
}
var demo: DemoOptions?
if arguments.count > 1, arguments[1] == "demo" {
    switch DemoOptions.parse(Array(arguments.dropFirst(2))) {
    case .success(let options): demo = options
    case .failure(let problem):
        FileHandle.standardError.write(Data("steward demo: \(problem.message)\n\(DemoOptions.usage)\n".utf8))
        exit(64)
    }
    setenv("STEWARD_DATA_DIR", demo?.dataDirectory ?? "./data", 1)
    // Links in the demo's mail point at the port it serves on.
    setenv("STEWARD_BASE_URL", "http://127.0.0.1:\(demo?.port ?? 8080)", 0)
    arguments = [arguments[0], "serve", "--hostname", "127.0.0.1", "--port", String(demo?.port ?? 8080)]
    if demo?.json == true { arguments += ["--log", "error"] }
}

var environment = try Environment.detect(arguments: arguments)
try LoggingSystem.bootstrap(from: &environment)

let config: StewardConfig
do {
    config = try StewardConfig.fromEnvironment()
} catch {
    FileHandle.standardError.write(Data("steward: cannot start: \(error)\n".utf8))
    exit(78)
}

let app = try await Application.make(environment)
locateResources(app)
var exitCode: Int32 = 0
do {
    try await configure(app, config: config)
    let command = arguments.dropFirst().first { !$0.hasPrefix("-") } ?? "serve"
    if command == "serve" && runsJobs { runBackgroundJobsInProcess(app) }
    if command != "migrate" { try await app.autoMigrate().get() }
    if let demo {
        let accounts = try await DemoSeed.seedIfEmpty(app)
        if demo.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(accounts) + Data("\n".utf8))
        } else {
            let text = DemoOptions.describe(
                accounts, port: demo.port, dataDirectory: config.dataDirectory.path, mail: config.mail)
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
    }
    if demo?.seedOnly != true { try await app.execute() }
} catch let exit as CommandExit {
    exitCode = exit.code
} catch let failure as CommandFailure {
    FileHandle.standardError.write(Data("steward: \(failure.message)\n".utf8))
    exitCode = failure.code
} catch {
    FileHandle.standardError.write(Data("steward: \(error)\n".utf8))
    exitCode = 1
}
// The server has stopped listening; a handler whose client hung up may still be running. Shutting the database down
// under it would crash the process, so wait for it; if it never finishes, stop without tearing anything down (every
// write is one transaction, so nothing is left half done).
if await !stopServingAndDrain(app) { exit(exitCode == 0 ? 1 : exitCode) }
try await app.asyncShutdown()
exit(exitCode)
