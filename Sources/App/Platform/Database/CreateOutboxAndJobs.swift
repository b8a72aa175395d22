// Outgoing mail, background jobs and password-reset links.

import Fluent

/// Creates the outbox (mail written with the event that causes it, delivered later), the jobs table (work due at a
/// time, claimed by one runner at once) and password-reset links (stored as hashes).
struct CreateOutboxAndJobs: AsyncMigration {
    var name: String { "2026-11-25-create-outbox-and-jobs" }

    func prepare(on database: any Database) async throws {
        try await database.schema("outbox_messages")
            .id()
            .field("school_id", .uuid, .references("schools", "id"))
            .field("kind", .string, .required)
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("message_id", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("claimed_until", .datetime)
            .field("last_attempt_at", .datetime)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await createIndex(
            on: database, name: "outbox_due_idx", table: "outbox_messages", columns: ["status", "next_attempt_at"])
        try await createIndex(
            on: database, name: "outbox_school_idx", table: "outbox_messages", columns: ["school_id", "created_at"])

        try await database.schema("jobs")
            .id()
            .field("kind", .string, .required)
            .field("school_id", .uuid, .references("schools", "id"))
            .field("payload", .string, .required)
            .field("unique_key", .string)
            .field("interval_seconds", .int)
            .field("status", .string, .required)
            .field("due_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("claimed_by", .string)
            .field("claimed_until", .datetime)
            .field("last_error", .string)
            .field("last_run_at", .datetime)
            .field("finished_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "unique_key", name: "jobs_unique_key")
            .create()
        try await createIndex(on: database, name: "jobs_due_idx", table: "jobs", columns: ["status", "due_at"])

        try await database.schema("password_resets")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("requested_from", .string, .required)
            .unique(on: "token_hash", name: "password_resets_token")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("password_resets").delete()
        try await database.schema("jobs").delete()
        try await database.schema("outbox_messages").delete()
    }
}
