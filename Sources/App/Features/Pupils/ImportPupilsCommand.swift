// `steward import pupils --school SLUG FILE.csv [--dry-run] [--full]`: the pupil roster and its consents.

import Fluent
import Foundation
import StewardCore
import Vapor

/// `steward import pupils`: the pupil roster from a CSV export. Nothing is written unless every row is good.
public struct ImportPupilsCommand: ApplicationCommand {
    /// The school's slug, e.g. st-cleopas.
    public var school: String
    /// The pupil roster CSV exported from the school's MIS.
    public var file: String
    /// Show what would change and write nothing.
    public var dryRun: Bool
    /// The file is the whole roster: remove pupils missing from it.
    public var full: Bool

    public init(school: String, file: String, dryRun: Bool, full: Bool) {
        self.school = school
        self.file = file
        self.dryRun = dryRun
        self.full = full
    }

    public func run(in app: Application) async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure.usage("Cannot read \(file).")
        }
        let slug = self.school
        guard let school = try await School.query(on: app.db).filter(\.$slug == slug).first() else {
            throw CommandFailure.usage("There is no school with the slug '\(slug)'.")
        }
        switch try await PupilRosterImport.run(
            Array(data), school: school, dryRun: dryRun, fullImport: full, on: app.db,
            context: .command("import pupils", app))
        {
        case .rejected(let lines):
            throw CommandFailure(message: ImportPeopleCommand.rejection(lines), code: 65)
        case .planned(let summary), .applied(let summary):
            app.console.print(summary)
        case .needsConfirmation(let summary):
            throw CommandFailure(message: summary, code: 65)
        }
    }
}
