// The pupil roster.

import Fluent

/// Creates the roster: pupils of a school with their consents.
struct CreatePupils: AsyncMigration {
    var name: String { "2026-11-25-create-pupils" }

    func prepare(on database: any Database) async throws {
        try await database.schema("pupils")
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("upn", .string)
            .field("legal_forename", .string, .required)
            .field("preferred_forename", .string)
            .field("legal_surname", .string, .required)
            .field("date_of_birth", .string)
            .field("year_group", .string)
            .field("class_name", .string)
            .field("photo_in_school", .bool, .required)
            .field("photo_on_website", .bool, .required)
            .field("photo_on_social_media", .bool, .required)
            .field("name_on_social_media", .bool, .required)
            .create()
        try await createIndex(on: database, name: "pupils_school_idx", table: "pupils", columns: ["school_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema("pupils").delete()
    }
}
