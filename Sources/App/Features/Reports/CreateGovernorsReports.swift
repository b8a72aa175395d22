// The governors' termly reports: drafts, and published versions frozen with the hash of their content.

import Fluent
import SQLKit

/// Creates the table of governors' reports.
struct CreateGovernorsReports: AsyncMigration {
    var name: String { "2026-12-01-governors-reports" }

    func prepare(on database: any Database) async throws {
        try await database.schema("governors_reports")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("series_id", .uuid, .required)
            .field("version", .int, .required)
            .field("title", .string, .required)
            .field("period_from", .string, .required)
            .field("period_to", .string, .required)
            .field("state", .string, .required)
            .field("narratives", .string, .required)
            .field("content", .string, .required)
            .field("content_hash", .string, .required)
            .field("prepared_by", .uuid, .required, .references("people", "id"))
            .field("prepared_by_name", .string, .required)
            .field("created_at", .datetime, .required)
            .field("published_at", .datetime)
            .unique(on: "series_id", "version", name: "governors_reports_version_once")
            .create()
        try await createIndex(
            on: database, name: "governors_reports_school_idx", table: "governors_reports", columns: ["school_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema("governors_reports").delete()
    }
}
