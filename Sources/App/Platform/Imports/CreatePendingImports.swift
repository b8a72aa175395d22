// Uploaded import files awaiting confirmation.

import Fluent

/// Creates the table that holds an upload between its preview and its confirmation.
struct CreatePendingImports: AsyncMigration {
    var name: String { "2026-11-25-create-pending-imports" }

    func prepare(on database: any Database) async throws {
        try await database.schema("pending_imports")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("content", .data, .required)
            .field("full_import", .bool, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("pending_imports").delete()
    }
}
