// Columns the security fixes of issue 10 need: a case link on queued mail, token scopes and expiry, known devices.

import Fluent
import Foundation
import SQLKit
import StewardCore

/// Adds `outbox_messages.case_id` (mail about a case is shown only to those who may see the case),
/// `api_tokens.scopes` and `expires_at` (tokens read cases only when granted after a second factor, and end),
/// and `login_attempts.device` (failures from a device that has signed in before are counted apart).
struct HardenSecurity: AsyncMigration {
    var name: String { "2026-11-30-harden-security" }

    func prepare(on database: any Database) async throws {
        try await database.schema("outbox_messages").field("case_id", .uuid).update()
        try await database.schema("api_tokens").field("scopes", .string).update()
        try await database.schema("api_tokens").field("expires_at", .datetime).update()
        try await database.schema("login_attempts").field("device", .string).update()
        // Tokens issued before scopes existed keep the ordinary scope and end 90 days from now.
        try await APIToken.query(on: database)
            .set(\.$scopes, to: APIScope.basic.rawValue)
            .set(\.$expiresAt, to: Date().addingTimeInterval(APITokens.defaultLifetime))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("login_attempts").deleteField("device").update()
        try await database.schema("api_tokens").deleteField("expires_at").update()
        try await database.schema("api_tokens").deleteField("scopes").update()
        try await database.schema("outbox_messages").deleteField("case_id").update()
    }
}
