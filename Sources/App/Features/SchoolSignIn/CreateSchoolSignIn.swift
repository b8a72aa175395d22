// Signing in with the school's own account (issue 18): each school's provider, people's links to it, and sign-ins
// under way.

import Fluent

struct CreateSchoolSignIn: AsyncMigration {
    var name: String { "2026-12-01-school-sign-in" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SignInProvider.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("kind", .string, .required)
            .field("issuer", .string, .required)
            .field("client_id", .string, .required)
            .field("client_secret", .string, .required)
            .field("organisation", .string, .required)
            .field("passwords_off", .bool, .required)
            .field("enabled", .bool, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .uuid, .required)
            .unique(on: "school_id", name: "sign_in_providers_one_per_school")
            .create()
        try await database.schema(SignInLink.schema)
            .id()
            .field("provider_id", .uuid, .required, .references(SignInProvider.schema, "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("subject", .string, .required)
            .field("linked_by", .string, .required)
            .field("linked_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("confirmed", .bool, .required)
            // One person per account at the provider, and one account per person at each provider, however many
            // first sign-ins arrive at once.
            .unique(on: "provider_id", "subject", name: "sign_in_links_subject")
            .unique(on: "provider_id", "person_id", name: "sign_in_links_person")
            .create()
        try await database.schema(SignInRequest.schema)
            .id()
            .field("provider_id", .uuid, .required, .references(SignInProvider.schema, "id"))
            .field("state_hash", .string, .required)
            .field("browser_hash", .string, .required)
            .field("nonce", .string, .required)
            .field("code_verifier", .string, .required)
            .field("purpose", .string, .required)
            .field("person_id", .uuid)
            .field("next", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("client_address", .string, .required)
            .unique(on: "state_hash", name: "sign_in_requests_state")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInRequest.schema).delete()
        try await database.schema(SignInLink.schema).delete()
        try await database.schema(SignInProvider.schema).delete()
    }
}
