// Importing the pupil roster: parse every row, plan, then write in one audited transaction.

import Crypto
import Fluent
import Foundation
import SQLKit
import StewardCore
import Vapor

/// Importing the pupil roster: parse every row, plan, then write in one audited transaction.
enum PupilRosterImport {
    static func parse(_ text: String) -> Result<[Pupil], RosterCSV.Rejected> { RosterCSV.pupilsReportingEveryRow(text) }

    /// The plan for `bytes` against the school's roster now, for showing before anything is written.
    static func plan(
        _ bytes: [UInt8], schoolID: UUID, fullImport: Bool, on db: any Database
    ) async throws
        -> PupilImportPlan?
    {
        guard let text = try? TextDecoding.decode(bytes).0, case .success(let pupils) = parse(text) else { return nil }
        let rows = try await RosterPupil.query(on: db).inSchool(schoolID).all()
        return PupilImport.plan(pupils, existing: rows.map(\.pupil), fullImport: fullImport)
    }

    static func run(
        _ bytes: [UInt8], school: School, dryRun: Bool, fullImport: Bool, on db: any Database, context: AuditContext,
        inTransaction extra: (@Sendable (any Database, AuditWriter) async throws -> Void)? = nil
    ) async throws -> PeopleImport.Outcome {
        let schoolID = try school.requireID()
        if bytes.isEmpty { return .rejected(["line 1: the file is empty"]) }
        if bytes.count > StaffImport.maxBytes { return .rejected(["line 1: the file is larger than 10 MB"]) }
        let text: String
        do {
            text = try TextDecoding.decode(bytes).0
        } catch {
            return .rejected(["line 1: this is not a CSV text file"])
        }
        let pupils: [Pupil]
        switch parse(text) {
        case .failure(let rejected): return .rejected(rejected.errors.map(\.description))
        case .success(let parsed): pupils = parsed
        }
        let rows = try await RosterPupil.query(on: db).inSchool(schoolID).all()
        let plan = PupilImport.plan(pupils, existing: rows.map(\.pupil), fullImport: fullImport)
        let summary =
            "\(plan.additions.count) to add, \(plan.changes.count) to change, \(plan.removals.count) to remove, "
            + "\(plan.unchanged) unchanged."
        if dryRun { return .planned("Dry run: nothing written.\n" + summary) }
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        try await AuditLog.write(on: db, context: context) { db, audit in
            var start = 0
            while start < plan.additions.count {
                let end = min(start + 300, plan.additions.count)
                try await plan.additions[start..<end].map { RosterPupil(schoolID: schoolID, $0) }.create(on: db)
                start = end
            }
            for change in plan.changes {
                rows[change.existing].update(from: change.pupil)
                try await rows[change.existing].update(on: db)
            }
            for index in plan.removals { try await rows[index].delete(on: db) }
            try await Features.tell(.roster(schoolID: schoolID), on: db, audit: audit)
            // Pupils' names stay out of the audit log: counts and the file's hash say what happened.
            try await audit.append(
                "import.pupils", target: "school:\(schoolID.uuidString)", schoolID: schoolID,
                details: [
                    "added": String(plan.additions.count), "changed": String(plan.changes.count),
                    "removed": String(plan.removals.count), "sha256": digest, "full": fullImport ? "yes" : "no",
                ])
            try await extra?(db, audit)
        }
        return .applied(summary)
    }
}
