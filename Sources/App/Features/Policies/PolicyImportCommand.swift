// `steward policy import --school SLUG FILE.md [--publish [--minor REASON] [--deadline DAYS]]`.

import Fluent
import Foundation
import StewardCore
import Vapor

/// `steward policy import`: a policy (or a new version of one with the same title) from Markdown, reporting what was
/// found; saved as a draft for the headteacher unless published at once.
public struct PolicyImportCommand: ApplicationCommand {
    /// The school's slug, e.g. st-cleopas.
    public var school: String
    /// The policy as Markdown.
    public var file: String
    /// Publish at once (otherwise it waits as a draft for the headteacher).
    public var publish: Bool
    /// Publish as a minor correction, for this reason (no one is asked again).
    public var minor: String?
    /// Days people have to acknowledge it; nil for the default.
    public var deadline: Int?
    /// Replace the policy's unpublished draft, with its questions, if it has one (otherwise refused).
    public var replaceDraft: Bool

    /// The deadlines, in days, a policy may be published with.
    public static let deadlines = 1...365

    public init(
        school: String, file: String, publish: Bool, minor: String?, deadline: Int?, replaceDraft: Bool = false
    ) {
        self.replaceDraft = replaceDraft
        self.school = school
        self.file = file
        self.publish = publish
        self.minor = minor
        self.deadline = deadline
    }

    public func run(in app: Application) async throws {
        let slug = school
        guard !slug.isEmpty else { throw CommandFailure.usage("--school needs a school's slug (e.g. st-cleopas).") }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure(message: "Cannot read \(file).", code: 66)
        }
        let deadline = self.deadline ?? PolicyLibrary.defaultDeadlineDays
        guard Self.deadlines.contains(deadline) else {
            throw CommandFailure.usage("--deadline must be from 1 to 365 days.")
        }
        let db = app.db
        guard let school = try await School.query(on: db).filter(\.$slug == slug).first(), let schoolID = school.id
        else {
            throw CommandFailure(message: "There is no school with the slug '\(slug)'.", code: 1)
        }
        let minor = self.minor?.trimmingCharacters(in: .whitespacesAndNewlines)
        let (publish, replacing) = (self.publish, replaceDraft)
        do {
            let (version, notes, first) = try await AuditLog.write(on: db, context: .command("policy import", app)) {
                db, audit in
                let (policy, version) = try await PolicyLibrary.importDraft(
                    Array(data), schoolID: schoolID, policyID: nil, createdBy: nil, replacingDraft: replacing, on: db,
                    audit: audit)
                let first = policy.currentVersionID == nil
                if publish {
                    try await PolicyLibrary.publish(
                        version, material: minor?.isEmpty ?? true, reason: minor, deadlineDays: deadline,
                        audience: Set(PersonKind.allCases), by: nil, on: db, audit: audit)
                }
                return (version, version.notes, first)
            }
            let document = try version.document
            app.console.print(
                "\(document.title): version \(version.number), \(document.sections.count) sections, "
                    + "\(document.clauses.count) clauses (\(document.clauses.first?.number ?? "") to "
                    + "\(document.clauses.last?.number ?? "")). Reference \(version.contentHash.prefix(12)).")
            for note in notes { app.console.print("  note: \(note)") }
            if publish {
                let kind = first ? "first version" : ((minor?.isEmpty ?? true) ? "material change" : "minor correction")
                app.console.print("Published (\(kind)).")
            } else {
                app.console.print("Saved as a draft: the headteacher checks and publishes it under Policies.")
            }
        } catch let problem as PolicyLibrary.Problem {
            throw CommandFailure(message: "Nothing was imported: \(problem.message)", code: 65)
        } catch let exists as PolicyLibrary.DraftExists {
            throw CommandFailure(
                message: "Nothing was imported: \(exists.description) Add --replace-draft to replace it.", code: 65)
        }
    }
}
