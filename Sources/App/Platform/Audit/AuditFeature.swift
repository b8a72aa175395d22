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
        [
            PersonalData(title: "Things they did", table: "audit_entries", column: "actor_id") { id, viewer, db in
                // An entry about a confidential case follows the case's own access rule, here as on the log's page.
                let query = try await SelfCheckSideDoors.auditFilter(
                    try await DeclarationSideDoors.auditFilter(
                        try await CaseSideDoors.auditFilter(
                            AuditEntry.query(on: db).filter(\.$actorID == id.uuidString), actor: viewer,
                            schoolIDs: viewer.schoolIDs, on: db), actor: viewer, schoolIDs: viewer.schoolIDs, on: db),
                    actor: viewer, schoolIDs: viewer.schoolIDs)
                return try await query.inSchools(viewer.schoolIDs).sort(\.$id).all().map {
                    ["at": $0.occurredAt, "action": $0.action, "target": $0.target ?? ""]
                }
            }
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
