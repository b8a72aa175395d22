// Concerns and confidential cases: the case, its append-only chronology, the people added to it, its evidence.

import Fluent
import SQLKit

/// Creates cases, their chronology and evidence (both append-only, enforced by triggers) and their members.
struct CreateCases: AsyncMigration {
    var name: String { "2026-11-25-create-cases" }

    func prepare(on database: any Database) async throws {
        try await database.schema("cases")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("reference", .string, .required)
            .field("category", .string, .required)
            .field("state", .string, .required)
            .field("outcome", .string)
            .field("what_happened", .string, .required)
            .field("happened_on", .string)
            .field("platform", .string, .required)
            .field("involved_kind", .string, .required)
            .field("involved_description", .string, .required)
            .field("involved_pupil_id", .uuid)
            .field("subject_person_id", .uuid, .references("people", "id"))
            .field("about_headteacher", .bool, .required)
            .field("blocked", .string)
            .field("reported_to_platform", .string)
            .field("reporter_id", .uuid, .required, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .field("last_entry_at", .datetime, .required)
            .field("reminded_at", .datetime)
            .unique(on: "school_id", "reference", name: "cases_reference")
            .create()
        try await createIndex(on: database, name: "cases_school_idx", table: "cases", columns: ["school_id", "state"])

        try await database.schema("case_entries")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("kind", .string, .required)
            .field("action", .string)
            .field("state_from", .string)
            .field("state_to", .string)
            .field("text", .string, .required)
            .field("external_reference", .string)
            .field("corrects_id", .uuid, .references("case_entries", "id"))
            .field("author_id", .uuid, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await createIndex(
            on: database, name: "case_entries_case_idx", table: "case_entries", columns: ["case_id", "created_at"])

        try await database.schema("case_members")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("added_by", .uuid, .references("people", "id"))
            .field("added_at", .datetime, .required)
            .unique(on: "case_id", "person_id", name: "case_members_once")
            .create()

        try await database.schema("case_evidence")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .field("uploaded_by", .uuid, .references("people", "id"))
            .field("uploaded_at", .datetime, .required)
            .create()
        try await createIndex(
            on: database, name: "case_evidence_case_idx", table: "case_evidence", columns: ["case_id"])

        guard let sql = database as? any SQLDatabase else { return }
        let postgres = sql.dialect.name == "postgresql"
        for table in ["case_entries", "case_evidence"] {
            for statement in Self.appendOnly(table, postgres: postgres) {
                try await sql.raw(SQLQueryString(statement)).run()
            }
        }
    }

    static func appendOnly(_ table: String, postgres: Bool) -> [String] {
        if postgres {
            return [
                """
                CREATE OR REPLACE FUNCTION steward_\(table)_kept() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION '\(table) is append-only'; END; $$ LANGUAGE plpgsql
                """,
                """
                CREATE TRIGGER \(table)_kept BEFORE UPDATE OR DELETE ON \(table)
                FOR EACH ROW EXECUTE FUNCTION steward_\(table)_kept()
                """,
            ]
        }
        return [
            "CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table) BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END",
            "CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table) BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END",
        ]
    }

    func revert(on database: any Database) async throws {
        for table in ["case_evidence", "case_members", "case_entries", "cases"] {
            try await database.schema(table).delete()
        }
    }
}
