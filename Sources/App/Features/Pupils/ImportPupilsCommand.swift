// `steward import pupils --school SLUG FILE.csv [--dry-run] [--full]`: the pupil roster and its consents.

import Crypto
import Fluent
import Foundation
import SQLKit
import StewardCore
import Vapor

struct ImportPupilsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "school", help: "The school's slug, e.g. st-cleopas")
        var school: String?
        @Argument(name: "file", help: "The pupil roster CSV exported from the school's MIS")
        var file: String
        @Flag(name: "dry-run", help: "Show what would change and write nothing")
        var dryRun: Bool
        @Flag(name: "full", help: "The file is the whole roster: remove pupils missing from it")
        var full: Bool
    }

    var help: String { "Import the pupil roster from CSV. Nothing is written unless every row is good." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let slug = signature.school else {
            context.console.error("--school is required (e.g. --school st-cleopas)")
            throw CommandExit(64)
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            context.console.error("Cannot read \(signature.file).")
            throw CommandExit(64)
        }
        let db = context.application.db
        guard let school = try await School.query(on: db).filter(\.$slug == slug).first() else {
            context.console.error("There is no school with the slug '\(slug)'.")
            throw CommandExit(64)
        }
        switch try await PupilRosterImport.run(
            Array(data), school: school, dryRun: signature.dryRun, fullImport: signature.full, on: db,
            context: .command("import pupils", context.application))
        {
        case .rejected(let lines):
            context.console.error("Nothing was imported. Fix these rows and try again:")
            for line in lines { context.console.error("  \(line)") }
            throw CommandExit(65)
        case .planned(let summary), .applied(let summary):
            context.console.print(summary)
        }
    }
}
