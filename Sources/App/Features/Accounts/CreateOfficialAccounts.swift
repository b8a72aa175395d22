// Official accounts and their posts: the register, administrators, handovers, drafts, images, reviews and the
// school's screening settings.

import Fluent
import SQLKit

/// Creates the register of official accounts and everything a post goes through before the archive.
struct CreateOfficialAccounts: AsyncMigration {
    var name: String { "2026-11-30-official-accounts" }

    func prepare(on database: any Database) async throws {
        try await database.schema("official_accounts")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("platform", .string, .required)
            .field("handle", .string, .required)
            .field("address", .string, .required)
            .field("purpose", .string, .required)
            .field("created_at", .datetime, .required)
            .field("retired_at", .datetime)
            .create()
        try await createIndex(
            on: database, name: "official_accounts_school_idx", table: "official_accounts", columns: ["school_id"])

        try await database.schema("official_account_admins")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("account_id", .uuid, .required, .references("official_accounts", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("added_by", .uuid, .references("people", "id"))
            .field("added_at", .datetime, .required)
            .unique(on: "account_id", "person_id", name: "official_account_admins_once")
            .create()
        try await createIndex(
            on: database, name: "official_account_admins_person_idx", table: "official_account_admins",
            columns: ["person_id"])

        try await database.schema("account_handovers")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("account_id", .uuid, .required, .references("official_accounts", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("reason", .string, .required)
            .field("created_at", .datetime, .required)
            .field("done_at", .datetime)
            .field("done_by", .uuid, .references("people", "id"))
            .field("done_note", .string)
            .create()
        try await createIndex(
            on: database, name: "account_handovers_school_idx", table: "account_handovers",
            columns: ["school_id", "done_at"])

        try await database.schema("drafts")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("author_id", .uuid, .required, .references("people", "id"))
            .field("text", .string, .required)
            .field("intended_on", .string)
            .field("state", .string, .required)
            .field("digest", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("submitted_at", .datetime)
            .field("published_at", .datetime)
            .field("published_by", .uuid, .references("people", "id"))
            .field("live_address", .string)
            .create()
        try await createIndex(
            on: database, name: "drafts_school_idx", table: "drafts", columns: ["school_id", "state"])
        try await createIndex(on: database, name: "drafts_author_idx", table: "drafts", columns: ["author_id"])

        try await database.schema("draft_accounts")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("draft_id", .uuid, .required, .references("drafts", "id"))
            .field("account_id", .uuid, .required, .references("official_accounts", "id"))
            .unique(on: "draft_id", "account_id", name: "draft_accounts_once")
            .create()
        try await createIndex(
            on: database, name: "draft_accounts_account_idx", table: "draft_accounts", columns: ["account_id"])

        try await database.schema("draft_images")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("draft_id", .uuid, .required, .references("drafts", "id"))
            .field("position", .int, .required)
            .field("filename", .string, .required)
            .field("format", .string, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .field("removed", .string, .required)
            .field("pupils_stated", .bool, .required)
            .field("pupil_ids", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
        try await createIndex(
            on: database, name: "draft_images_draft_idx", table: "draft_images", columns: ["draft_id"])

        try await database.schema("draft_reviews")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("draft_id", .uuid, .required, .references("drafts", "id"))
            .field("reviewer_id", .uuid, .required, .references("people", "id"))
            .field("decision", .string, .required)
            .field("digest", .string, .required)
            .field("findings", .string, .required)
            .field("override_reason", .string, .required)
            .field("warnings_acknowledged", .bool, .required)
            .field("comments", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime)
            .field("voided_at", .datetime)
            .field("void_reason", .string)
            .create()
        try await createIndex(
            on: database, name: "draft_reviews_draft_idx", table: "draft_reviews", columns: ["draft_id", "created_at"])

        try await database.schema("post_deliveries")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("draft_id", .uuid, .required, .references("drafts", "id"))
            .field("review_id", .uuid, .required, .references("draft_reviews", "id"))
            .field("address", .string, .required)
            .field("attempted_at", .datetime, .required)
            .field("status_code", .int)
            .field("answer", .string, .required)
            .create()
        try await createIndex(
            on: database, name: "post_deliveries_draft_idx", table: "post_deliveries", columns: ["draft_id"])

        try await database.schema("screening_settings")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("terms", .string, .required)
            .field("clause_map", .string, .required)
            .field("policy_id", .uuid, .references("policies", "id"))
            .field("clauses_edited", .bool, .required)
            .field("approval_days", .int, .required)
            .field("generation", .int, .required)
            .field("webhook_url", .string)
            .field("webhook_secret", .string)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .uuid, .references("people", "id"))
            .unique(on: "school_id", name: "screening_settings_one_per_school")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "screening_settings", "post_deliveries", "draft_reviews", "draft_images", "draft_accounts", "drafts",
            "account_handovers",
            "official_account_admins", "official_accounts",
        ] {
            try await database.schema(table).delete()
        }
    }
}
