// Records management (issue 17, item 5): a granted erasure request removes the person's own records; the request
// keeps what it removed (counts only), when, and by whom.

import Fluent

struct AddRecordsErasure: AsyncMigration {
    var name: String { "2026-12-03-records-erasure" }

    func prepare(on database: any Database) async throws {
        // One column at a time: SQLite adds one per ALTER TABLE.
        try await database.schema(RecordsRequest.schema).field("erased", .string).update()
        try await database.schema(RecordsRequest.schema).field("erased_at", .datetime).update()
        try await database.schema(RecordsRequest.schema).field("erased_by", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        for field: FieldKey in ["erased", "erased_at", "erased_by"] {
            try await database.schema(RecordsRequest.schema).deleteField(field).update()
        }
    }
}
