// The record of reminders sent about staff obligations other than policies (declarations, privacy checks).

import Fluent

/// Creates `obligation_reminders`: one row per reminder sent, so none goes twice.
struct CreateObligationReminders: AsyncMigration {
    var name: String { "2026-12-01-obligation-reminders" }

    func prepare(on database: any Database) async throws {
        try await database.schema("obligation_reminders")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("obligation", .string, .required)
            .field("round", .int, .required)
            .field("kind", .string, .required)
            .field("sent_at", .datetime, .required)
            .create()
        try await createIndex(
            on: database, name: "obligation_reminders_round_idx", table: "obligation_reminders",
            columns: ["school_id", "obligation", "round"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema("obligation_reminders").delete()
    }
}
