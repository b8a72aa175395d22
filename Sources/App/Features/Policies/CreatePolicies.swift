// The policy library: policies, their versions (immutable once published) and every acknowledgement.

import Fluent
import SQLKit

/// Creates policies, versions and acknowledgements, with triggers that keep published versions and acknowledgements
/// exactly as they were written.
struct CreatePolicies: AsyncMigration {
    var name: String { "2026-11-25-create-policies" }

    func prepare(on database: any Database) async throws {
        try await database.schema("policies")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("slug", .string, .required)
            .field("title", .string, .required)
            .field("current_version_id", .uuid)
            .field("is_public", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "school_id", "slug", name: "policies_school_slug")
            .create()

        try await database.schema("policy_versions")
            .id()
            .field("policy_id", .uuid, .required, .references("policies", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("number", .int, .required)
            .field("content_hash", .string, .required)
            .field("title", .string, .required)
            .field("document", .string, .required)
            .field("source", .string, .required)
            .field("notes", .string, .required)
            .field("questions", .string, .required)
            .field("requires_acknowledgement", .bool, .required)
            .field("change_reason", .string)
            .field("deadline_days", .int, .required)
            .field("audience", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .uuid)
            .field("published_at", .datetime)
            .field("published_by", .uuid)
            .unique(on: "policy_id", "number", name: "policy_versions_number")
            .create()

        try await database.schema("policy_acknowledgements")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("policy_id", .uuid, .required, .references("policies", "id"))
            .field("version_id", .uuid, .required, .references("policy_versions", "id"))
            .field("version_number", .int, .required)
            .field("version_hash", .string, .required)
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("acknowledged_at", .datetime, .required)
            .field("client_address", .string, .required)
            .field("user_agent", .string)
            .field("method", .string, .required)
            .unique(on: "person_id", "version_id", name: "policy_acknowledgements_once")
            .create()
        try await createIndex(
            on: database, name: "policy_acknowledgements_policy_idx", table: "policy_acknowledgements",
            columns: ["policy_id", "person_id"])

        try await database.schema("policy_links")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("policy_id", .uuid, .required, .references("policies", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_by", .uuid)
            .unique(on: "token_hash", name: "policy_links_token")
            .create()

        try await database.schema("policy_reminders")
            .id()
            .field("policy_id", .uuid, .required, .references("policies", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("version_number", .int, .required)
            .field("kind", .string, .required)
            .field("sent_at", .datetime, .required)
            .create()
        try await createIndex(
            on: database, name: "policy_reminders_person_idx", table: "policy_reminders",
            columns: ["policy_id", "person_id"])

        guard let sql = database as? any SQLDatabase else { return }
        for statement in Self.triggers(postgres: sql.dialect.name == "postgresql") {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    static func triggers(postgres: Bool) -> [String] {
        if postgres {
            return [
                """
                CREATE OR REPLACE FUNCTION steward_published_version_frozen() RETURNS trigger AS $$
                BEGIN
                  IF OLD.published_at IS NOT NULL THEN RAISE EXCEPTION 'a published policy version cannot change'; END IF;
                  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                  RETURN NEW;
                END; $$ LANGUAGE plpgsql
                """,
                """
                CREATE TRIGGER policy_versions_frozen BEFORE UPDATE OR DELETE ON policy_versions
                FOR EACH ROW EXECUTE FUNCTION steward_published_version_frozen()
                """,
                """
                CREATE OR REPLACE FUNCTION steward_acknowledgement_kept() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'acknowledgements are kept as written'; END; $$ LANGUAGE plpgsql
                """,
                """
                CREATE TRIGGER policy_acknowledgements_kept BEFORE UPDATE OR DELETE ON policy_acknowledgements
                FOR EACH ROW EXECUTE FUNCTION steward_acknowledgement_kept()
                """,
            ]
        }
        return [
            """
            CREATE TRIGGER policy_versions_frozen_update BEFORE UPDATE ON policy_versions
            WHEN OLD.published_at IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'a published policy version cannot change'); END
            """,
            """
            CREATE TRIGGER policy_versions_frozen_delete BEFORE DELETE ON policy_versions
            WHEN OLD.published_at IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'a published policy version cannot change'); END
            """,
            """
            CREATE TRIGGER policy_acknowledgements_no_update BEFORE UPDATE ON policy_acknowledgements
            BEGIN SELECT RAISE(ABORT, 'acknowledgements are kept as written'); END
            """,
            """
            CREATE TRIGGER policy_acknowledgements_no_delete BEFORE DELETE ON policy_acknowledgements
            BEGIN SELECT RAISE(ABORT, 'acknowledgements are kept as written'); END
            """,
        ]
    }

    func revert(on database: any Database) async throws {
        try await database.schema("policy_reminders").delete()
        try await database.schema("policy_links").delete()
        try await database.schema("policy_acknowledgements").delete()
        try await database.schema("policy_versions").delete()
        try await database.schema("policies").delete()
    }
}
