// The privacy self-check (policy 4.1–4.3): each term's checks, the requests for help they raise, and each school's
// terms, deadline and online-safety lead.

import Fluent

/// Creates the tables of the privacy self-check.
struct CreateSelfChecks: AsyncMigration {
    var name: String { "2026-12-01-self-checks" }

    func prepare(on database: any Database) async throws {
        try await database.schema("self_checks")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("round", .int, .required)
            .field("term_name", .string, .required)
            .field("platforms", .string, .required)
            .field("answers", .string, .required)
            .field("contacted", .bool, .required)
            .field("needs_help", .bool, .required)
            .field("note", .string, .required)
            .field("completed_at", .datetime, .required)
            // One check per person per term, even when two submissions race.
            .unique(on: "school_id", "person_id", "round", name: "self_checks_once_a_term")
            .create()
        try await createIndex(
            on: database, name: "self_checks_round_idx", table: "self_checks", columns: ["school_id", "round"])

        try await database.schema("self_check_help")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("check_id", .uuid, .required, .references("self_checks", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("lead_id", .uuid, .required, .references("people", "id"))
            .field("items", .string, .required)
            .field("created_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("closed_by", .uuid, .references("people", "id"))
            .field("close_note", .string)
            .create()
        try await createIndex(
            on: database, name: "self_check_help_school_idx", table: "self_check_help",
            columns: ["school_id", "closed_at"])

        try await database.schema("self_check_settings")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("terms", .string, .required)
            .field("deadline_days", .int, .required)
            .field("lead_id", .uuid, .references("people", "id"))
            .field("updated_by", .uuid, .references("people", "id"))
            .field("updated_at", .datetime)
            .unique(on: "school_id", name: "self_check_settings_one_per_school")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["self_check_settings", "self_check_help", "self_checks"] {
            try await database.schema(table).delete()
        }
    }
}
