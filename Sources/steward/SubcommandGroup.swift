// Commands that only gather others (`audit`, `import` …).

import ArgumentParser
import Foundation

/// A command that only gathers others (`audit`, `import` …). Named without one of them it is bad usage, exit status
/// 64 like any other missing argument, where ArgumentParser would print help and report success.
protocol SubcommandGroup: AsyncParsableCommand {}

extension SubcommandGroup {
    func run() async throws {
        // Thrown from `run`, a ValidationError would be shown with the root's usage; this group's is the useful one.
        let usage = Steward.usageString(for: Self.self)
        let command = usage.replacingOccurrences(of: " <subcommand>", with: "")
        FileHandle.standardError.write(
            Data(
                "Error: Missing expected subcommand.\nUsage: \(usage)\n  See '\(command) --help' for the list.\n".utf8))
        throw ExitCode.validationFailure
    }
}
