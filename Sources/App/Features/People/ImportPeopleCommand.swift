// `steward import people --school SLUG FILE.csv [--dry-run] [--full]`: a staff export from the MIS, checked whole.

import Fluent
import Foundation
import StewardCore
import Vapor

/// `steward import people`: staff from a CSV export. Nothing is written unless every row is good.
public struct ImportPeopleCommand: ApplicationCommand {
    /// The school's slug, e.g. st-cleopas.
    public var school: String
    /// The CSV file exported from the school's MIS.
    public var file: String
    /// Show what would change and write nothing.
    public var dryRun: Bool
    /// The file lists everyone: deactivate active people missing from it.
    public var full: Bool
    /// The warnings were read: deactivate the school's only headteacher, lead or chair, governors or volunteers too.
    public var confirmDeactivations: Bool

    public init(school: String, file: String, dryRun: Bool, full: Bool, confirmDeactivations: Bool = false) {
        self.confirmDeactivations = confirmDeactivations
        self.school = school
        self.file = file
        self.dryRun = dryRun
        self.full = full
    }

    public func run(in app: Application) async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure.usage("Cannot read \(file).")
        }
        let outcome = try await PeopleImport.run(
            Array(data), schoolSlug: school, dryRun: dryRun, fullImport: full, confirmed: confirmDeactivations,
            on: app.db,
            context: .command("import people", app))
        switch outcome {
        case .rejected(let lines):
            throw CommandFailure(message: Self.rejection(lines), code: 65)
        case .planned(let summary), .applied(let summary):
            app.console.print(summary)
        case .needsConfirmation(let summary):
            throw CommandFailure(
                message: summary + "\nNothing was imported: read the warnings, then run it again with "
                    + "--confirm-deactivations if these people should go.", code: 65)
        }
    }

    /// What an import refused, row by row.
    static func rejection(_ lines: [String]) -> String {
        (["Nothing was imported. Fix these rows and try again:"] + lines.map { "  \($0)" }).joined(separator: "\n")
    }
}
