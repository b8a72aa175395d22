// Declarations of relationships (policy 1.5): the declarations, their outcomes, the yearly confirmations and each
// school's month and deadline.

import Fluent
import SQLKit

/// Creates the tables of declarations.
struct CreateDeclarations: AsyncMigration {
    var name: String { "2026-12-01-declarations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("declarations")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("declarer_id", .uuid, .required, .references("people", "id"))
            .field("party_kind", .string, .required)
            .field("party_person_id", .uuid, .references("people", "id"))
            // No reference: a pupil leaves the roster when a new one is imported; the declaration keeps their name.
            .field("party_pupil_id", .uuid)
            .field("party_pupil_label", .string, .required)
            .field("party_name", .string, .required)
            .field("nature", .string, .required)
            .field("detail", .string, .required)
            .field("since", .string, .required)
            .field("platforms", .string, .required)
            .field("reviewer_kind", .string, .required)
            .field("reviewer_id", .uuid, .references("people", "id"))
            .field("outcome", .string)
            .field("passed_to_safeguarding", .bool, .required)
            .field("review_on", .string)
            .field("closed_on", .string)
            .field("closed_by", .uuid, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await createIndex(
            on: database, name: "declarations_school_idx", table: "declarations", columns: ["school_id", "declarer_id"])
        try await createIndex(
            on: database, name: "declarations_reviewer_idx", table: "declarations", columns: ["reviewer_id"])

        try await database.schema("declaration_outcomes")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("declaration_id", .uuid, .required, .references("declarations", "id"))
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("review_on", .string)
            .field("recorded_by", .uuid, .required, .references("people", "id"))
            .field("recorded_at", .datetime, .required)
            .create()
        try await createIndex(
            on: database, name: "declaration_outcomes_declaration_idx", table: "declaration_outcomes",
            columns: ["declaration_id"])

        try await database.schema("declaration_confirmations")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("year", .int, .required)
            .field("nil_return", .bool, .required)
            .field("open_count", .int, .required)
            .field("confirmed_at", .datetime, .required)
            // One confirmation per person and year, however many presses arrive at once.
            .unique(on: "person_id", "year", name: "declaration_confirmations_once")
            .create()
        try await createIndex(
            on: database, name: "declaration_confirmations_school_idx", table: "declaration_confirmations",
            columns: ["school_id", "year"])

        try await database.schema("declaration_settings")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("month", .int, .required)
            .field("deadline_days", .int, .required)
            .field("updated_by", .uuid, .references("people", "id"))
            .field("updated_at", .datetime)
            .unique(on: "school_id", name: "declaration_settings_one_per_school")
            .create()
        // How many searches or declarations one person made in the last hour or day (the limits that stop the roster
        // being read out): found by actor and action, not by reading the whole log.
        try await createIndex(
            on: database, name: "audit_entries_actor_idx", table: "audit_entries",
            columns: ["actor_id", "action", "occurred_at"])
        // Mail about a declaration is shown in the outbox only to those who may see the declaration.
        try await database.schema("outbox_messages").field("declaration_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await (database as? any SQLDatabase)?.raw("DROP INDEX IF EXISTS audit_entries_actor_idx").run()
        try await database.schema("outbox_messages").deleteField("declaration_id").update()
        for table in ["declaration_settings", "declaration_confirmations", "declaration_outcomes", "declarations"] {
            try await database.schema(table).delete()
        }
    }
}
