// Records management (issue 17): each school's periods and each trust's limits for the retention schedule.

import Fluent

struct CreateRetentionSchedule: AsyncMigration {
    var name: String { "2026-12-02-retention-schedule" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RetentionSetting.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("rule", .string, .required)
            .field("months", .int, .required)
            .field("changed_by", .uuid, .required)
            .field("changed_at", .datetime, .required)
            .unique(on: "school_id", "rule", name: "retention_settings_one_per_rule")
            .create()
        try await database.schema(RetentionLimit.schema)
            .id()
            .field("trust_id", .uuid, .required, .references("trusts", "id"))
            .field("rule", .string, .required)
            .field("shortest_months", .int, .required)
            .field("longest_months", .int, .required)
            .field("changed_by", .uuid, .required)
            .field("changed_at", .datetime, .required)
            .unique(on: "trust_id", "rule", name: "retention_limits_one_per_rule")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RetentionLimit.schema).delete()
        try await database.schema(RetentionSetting.schema).delete()
    }
}
