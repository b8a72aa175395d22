// `steward policy import --school SLUG FILE.md [--publish [--minor REASON] [--deadline DAYS]]`.

import Fluent
import Foundation
import StewardCore
import Vapor

struct PolicyImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "school", help: "The school's slug, e.g. st-cleopas")
        var school: String?
        @Argument(name: "file", help: "The policy as Markdown")
        var file: String
        @Flag(name: "publish", help: "Publish it at once (otherwise it waits as a draft for the headteacher)")
        var publish: Bool
        @Option(name: "minor", help: "Publish as a minor correction, for this reason (no one is asked again)")
        var minor: String?
        @Option(name: "deadline", help: "Days people have to acknowledge it (default 14)")
        var deadline: Int?
    }

    var help: String {
        "Import a policy (or a new version of one with the same title) from Markdown, and report what was found."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let slug = signature.school, !slug.isEmpty else {
            context.console.error("--school is required (e.g. --school st-cleopas)")
            throw CommandExit(64)
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            context.console.error("Cannot read \(signature.file).")
            throw CommandExit(66)
        }
        let deadline = signature.deadline ?? PolicyLibrary.defaultDeadlineDays
        guard (1...365).contains(deadline) else {
            context.console.error("--deadline must be from 1 to 365 days.")
            throw CommandExit(64)
        }
        let db = context.application.db
        guard let school = try await School.query(on: db).filter(\.$slug == slug).first(), let schoolID = school.id
        else {
            context.console.error("There is no school with the slug '\(slug)'.")
            throw CommandExit(1)
        }
        let minor = signature.minor?.trimmingCharacters(in: .whitespacesAndNewlines)
        let publish = signature.publish
        do {
            let (version, notes, first) = try await AuditLog.write(
                on: db, context: .command("policy import", context.application)
            ) {
                db, audit in
                let (policy, version) = try await PolicyLibrary.importDraft(
                    Array(data), schoolID: schoolID, policyID: nil, createdBy: nil, on: db, audit: audit)
                let first = policy.currentVersionID == nil
                if publish {
                    try await PolicyLibrary.publish(
                        version, material: minor?.isEmpty ?? true, reason: minor, deadlineDays: deadline,
                        audience: Set(PersonKind.allCases), by: nil, on: db, audit: audit)
                }
                return (version, version.notes, first)
            }
            let document = try version.document
            context.console.print(
                "\(document.title): version \(version.number), \(document.sections.count) sections, "
                    + "\(document.clauses.count) clauses (\(document.clauses.first?.number ?? "") to "
                    + "\(document.clauses.last?.number ?? "")). Reference \(version.contentHash.prefix(12)).")
            for note in notes { context.console.print("  note: \(note)") }
            if publish {
                let kind = first ? "first version" : ((minor?.isEmpty ?? true) ? "material change" : "minor correction")
                context.console.print("Published (\(kind)).")
            } else {
                context.console.print("Saved as a draft: the headteacher checks and publishes it under Policies.")
            }
        } catch let problem as PolicyLibrary.Problem {
            context.console.error("Nothing was imported: \(problem.message)")
            throw CommandExit(65)
        }
    }
}
