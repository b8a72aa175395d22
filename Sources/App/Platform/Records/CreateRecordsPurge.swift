// Records management (issue 17): legal holds, requests about a person's records, the purge's list of what it will
// remove, and the audit entries it blanks (whose triggers now allow that one change, and no other).

import Fluent
import SQLKit

struct CreateRecordsPurge: AsyncMigration {
    var name: String { "2026-12-03-records-purge" }

    func prepare(on database: any Database) async throws {
        try await database.schema(LegalHold.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("case_id", .uuid)
            .field("person_id", .uuid)
            .field("reason", .string, .required)
            .field("placed_by", .uuid, .required)
            .field("placed_at", .datetime, .required)
            .field("lifted_at", .datetime)
            .field("lifted_by", .uuid)
            .field("lift_reason", .string)
            .create()
        try await createIndex(
            on: database, name: "legal_holds_school_idx", table: LegalHold.schema, columns: ["school_id", "lifted_at"])
        try await database.schema(Case.schema).field("unlinked_at", .datetime).update()
        try await database.schema(RecordsRequest.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("person_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("received_on", .string, .required)
            .field("due_on", .string, .required)
            .field("details", .string, .required)
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .field("exported_at", .datetime)
            .field("outcome", .string)
            .field("basis", .string)
            .field("reason", .string)
            .field("closed_at", .datetime)
            .field("closed_by", .uuid)
            .create()
        try await database.schema(PurgeNotice.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("rule", .string, .required)
            .field("record_id", .uuid, .required)
            .field("case_id", .uuid)
            .field("listed_on", .string, .required)
            .field("remove_on", .string, .required)
            .unique(on: "school_id", "rule", "record_id", name: "purge_notices_once")
            .create()
        try await database.schema(AuditBlank.schema)
            .field("seq", .int64, .identifier(auto: false))
            .field("hash", .string, .required)
            .field("blank_hash", .string, .required)
            .field("purge_id", .string, .required)
            .field("blanked_at", .datetime, .required)
            .create()
        // The purge finds the entries that described what it removed by their target.
        try await createIndex(
            on: database, name: "audit_entries_target_idx", table: AuditEntry.schema, columns: ["target"])
        try await database.schema(PurgePermit.schema)
            .field("record_id", .uuid, .identifier(auto: false))
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        for statement in AuditTriggers.drop(dialect: sql.dialect.name)
            + AuditTriggers.create(dialect: sql.dialect.name, blanking: true)
            + KeptTables.create(postgres: sql.dialect.name == "postgresql", permitted: true)
        {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS audit_entries_target_idx").run()
            for statement in AuditTriggers.drop(dialect: sql.dialect.name)
                + AuditTriggers.create(dialect: sql.dialect.name, blanking: false)
                + KeptTables.create(postgres: sql.dialect.name == "postgresql", permitted: false)
            {
                try await sql.raw(SQLQueryString(statement)).run()
            }
        }
        try await database.schema(PurgePermit.schema).delete()
        try await database.schema(AuditBlank.schema).delete()
        try await database.schema(PurgeNotice.schema).delete()
        try await database.schema(RecordsRequest.schema).delete()
        try await database.schema(LegalHold.schema).delete()
        try await database.schema(Case.schema).deleteField("unlinked_at").update()
    }
}
