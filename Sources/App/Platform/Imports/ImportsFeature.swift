// Uploaded imports waiting to be confirmed, shared by the staff and roster imports: who uploaded them, and how
// long an unconfirmed upload is kept.

import Fluent
import StewardCore
import Vapor

struct ImportsFeature: Feature {
    let name = "imports"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {}

    var retention: [RetentionRule] {
        [
            RetentionRule(
                key: "pending_imports", records: "Uploaded imports not confirmed",
                period: Maintenance.keepPendingImports,
                after: "the upload"
            ) { db, now in
                try await PendingImport.query(on: db).filter(
                    \.$createdAt < now.addingTimeInterval(-Maintenance.keepPendingImports)
                ).deleteCounting()
            }
        ]
    }

    var personalData: [PersonalData] {
        [
            PersonalData(
                title: "Imports they uploaded, not yet confirmed", table: "pending_imports", column: "person_id"
            ) { id, viewer, db in
                try await PendingImport.query(on: db).filter(\.$person.$id == id)
                    .inSchools(viewer.schoolIDs).all().map {
                        ["kind": $0.kind, "uploaded": Display.time($0.createdAt)]
                    }
            }
        ]
    }
}
