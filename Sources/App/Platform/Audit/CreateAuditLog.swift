// The audit log and its head row, with triggers that refuse updates and deletes on both engines.

import Fluent
import SQLKit

/// Creates the append-only audit log.
struct CreateAuditLog: AsyncMigration {
    var name: String { "2026-11-25-create-audit-log" }

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .field("seq", .int64, .identifier(auto: false))
            .field("occurred_at", .string, .required)
            .field("actor_id", .string)
            .field("actor_name", .string)
            .field("school_id", .string)
            .field("action", .string, .required)
            .field("target", .string)
            .field("client_address", .string)
            .field("request_id", .string)
            .field("details", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await createIndex(
            on: database, name: "audit_entries_school_idx", table: "audit_entries", columns: ["school_id", "seq"])

        try await database.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int64, .required)
            .field("hash", .string, .required)
            .create()
        try await AuditHead(seq: 0, hash: "0000000000000000000000000000000000000000000000000000000000000000")
            .create(on: database)

        // Defence in depth: the application never updates or deletes an entry, and the database refuses to.
        // (Anyone able to drop a trigger can still tamper; `steward audit verify` is what detects it.)
        guard let sql = database as? any SQLDatabase else { return }
        for statement in AuditTriggers.create(dialect: sql.dialect.name) {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            for statement in AuditTriggers.drop(dialect: sql.dialect.name) {
                try await sql.raw(SQLQueryString(statement)).run()
            }
        }
        try await database.schema("audit_head").delete()
        try await database.schema("audit_entries").delete()
    }
}
