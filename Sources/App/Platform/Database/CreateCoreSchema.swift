// The first schema: trusts, schools, people, roles, sessions, sign-in attempts, tokens and recovery codes.

import Fluent
import SQLKit

/// Creates the tables every later feature stands on.
struct CreateCoreSchema: AsyncMigration {
    var name: String { "2026-11-25-create-core-schema" }

    func prepare(on database: any Database) async throws {
        try await database.schema("trusts")
            .id()
            .field("name", .string, .required)
            .field("slug", .string, .required)
            .unique(on: "slug")
            .create()

        try await database.schema("schools")
            .id()
            .field("trust_id", .uuid, .required, .references("trusts", "id"))
            .field("name", .string, .required)
            .field("slug", .string, .required)
            .unique(on: "slug")
            .create()

        try await database.schema("people")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("trust_id", .uuid, .required, .references("trusts", "id"))
            .field("email", .string, .required)
            .field("forename", .string, .required)
            .field("surname", .string, .required)
            .field("kind", .string, .required)
            .field("job_title", .string, .required)
            .field("line_manager_id", .uuid, .references("people", "id", onDelete: .setNull))
            .field("start_date", .string)
            .field("leaving_date", .string)
            .field("active", .bool, .required)
            .field("deactivated_at", .datetime)
            .field("password_hash", .string)
            .field("totp_secret", .string)
            .field("totp_pending_secret", .string)
            .field("totp_last_step", .int64)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email")
            .create()
        try await createIndex(on: database, name: "people_school_idx", table: "people", columns: ["school_id"])

        try await database.schema("role_assignments")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("trust_id", .uuid, .required, .references("trusts", "id"))
            .field("school_id", .uuid, .references("schools", "id"))
            .field("role", .string, .required)
            .unique(on: "person_id", "school_id", "role")
            .create()

        try await database.schema("browser_sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("stage", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("second_factor_at", .datetime)
            .field("client_address", .string)
            .field("user_agent", .string)
            .unique(on: "token_hash")
            .create()

        try await database.schema("login_attempts")
            .id()
            .field("email", .string, .required)
            .field("client_address", .string, .required)
            .field("succeeded", .bool, .required)
            .field("at", .datetime, .required)
            .create()
        try await createIndex(
            on: database, name: "login_attempts_email_idx", table: "login_attempts", columns: ["email", "at"])
        try await createIndex(
            on: database, name: "login_attempts_address_idx", table: "login_attempts",
            columns: ["client_address", "at"])

        try await database.schema("api_tokens")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()

        try await database.schema("recovery_codes")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "recovery_codes", "api_tokens", "login_attempts", "browser_sessions", "role_assignments", "people",
            "schools", "trusts",
        ] {
            try await database.schema(table).delete()
        }
    }
}

/// Creates a plain index with SQL both engines accept.
func createIndex(on database: any Database, name: String, table: String, columns: [String]) async throws {
    guard let sql = database as? any SQLDatabase else { return }
    var builder = sql.create(index: name).on(table)
    for column in columns { builder = builder.column(column) }
    try await builder.run()
}
