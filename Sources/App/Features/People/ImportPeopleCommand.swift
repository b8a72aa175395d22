// `steward import people --school SLUG FILE.csv [--dry-run] [--full]`: a staff export from the MIS, checked whole.

import Crypto
import Fluent
import Foundation
import SQLKit
import StewardCore
import Vapor

struct ImportPeopleCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "school", help: "The school's slug, e.g. st-cleopas")
        var school: String?
        @Argument(name: "file", help: "The CSV file exported from the school's MIS")
        var file: String
        @Flag(name: "dry-run", help: "Show what would change and write nothing")
        var dryRun: Bool
        @Flag(name: "full", help: "The file lists everyone: deactivate active people missing from it")
        var full: Bool
    }

    var help: String {
        "Import staff from CSV. Nothing is written unless every row is good; --dry-run shows the plan only."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let slug = signature.school else {
            context.console.error("--school is required (e.g. --school st-cleopas)")
            throw CommandExit(64)
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            context.console.error("Cannot read \(signature.file).")
            throw CommandExit(64)
        }
        let outcome = try await PeopleImport.run(
            Array(data), schoolSlug: slug, dryRun: signature.dryRun, fullImport: signature.full,
            on: context.application.db, context: .command("import people", context.application))
        switch outcome {
        case .rejected(let lines):
            context.console.error("Nothing was imported. Fix these rows and try again:")
            for line in lines { context.console.error("  \(line)") }
            throw CommandExit(65)
        case .planned(let summary), .applied(let summary):
            context.console.print(summary)
        }
    }
}
