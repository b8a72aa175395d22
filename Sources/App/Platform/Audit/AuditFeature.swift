// The audit log's page, and the entries that name a person as the one who acted.

import Fluent
import StewardCore
import Vapor

struct AuditFeature: Feature {
    let name = "audit"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: AuditController())
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(title: "Audit log", path: AuditPaths.log(), action: .viewAudit, order: 70)]
    }

    var personalData: [PersonalData] {
        /// The person's own entries that `viewer` may see: only in a school whose log they may browse (HR may not, so
        /// HR's export holds no trail of sign-ins and clicks), and an entry about a confidential record follows that
        /// record's own access rule, here as on the log's page.
        @Sendable func entries(
            _ id: UUID, _ viewer: Actor, _ db: any Database, cases: Bool
        ) async throws
            -> [[String: String]]
        {
            let readable: [UUID] = viewer.schoolIDs.filter { (schoolID: UUID) -> Bool in
                AccessPolicy.can(viewer, .viewAudit, .schoolRecord(schoolID: schoolID)) == .allowed
            }
            guard !readable.isEmpty else { return [] }
            let query = try await SelfCheckSideDoors.auditFilter(
                try await DeclarationSideDoors.auditFilter(
                    try await CaseSideDoors.auditFilter(
                        AuditEntry.query(on: db).filter(\.$actorID == id.uuidString), actor: viewer,
                        schoolIDs: viewer.schoolIDs, on: db), actor: viewer, schoolIDs: viewer.schoolIDs, on: db),
                actor: viewer, schoolIDs: viewer.schoolIDs)
            return try await RecordsSideDoors.auditFilter(query, actor: viewer).inSchools(readable).sort(\.$id).all()
                .filter { ($0.target ?? "").hasPrefix("case:") == cases }
                .map { ["at": $0.occurredAt, "action": $0.action, "target": $0.target ?? ""] }
        }
        return [
            PersonalData(
                title: "Things they did", table: "audit_entries", column: "actor_id",
                handling: .review("the records they acted on, which may be about other people")
            ) { id, viewer, db in try await entries(id, viewer, db, cases: false) },
            PersonalData(
                title: "Things they did in cases", table: "audit_entries", column: "actor_id",
                handling: .decide("what they did in a concern's case")
            ) { id, viewer, db in try await entries(id, viewer, db, cases: true) },
        ]
    }

    var retention: [RetentionRule] {
        [
            RetentionRule(
                key: "audit_entries", records: "Audit log entries", period: nil,
                after: "kept whole: the chain proves nothing was removed", purge: nil)
        ]
    }
}
