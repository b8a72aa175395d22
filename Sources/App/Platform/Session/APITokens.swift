// Issuing and ending API tokens, shared by the account page, `steward token create` and the events that end them.

import Fluent
import StewardCore
import Vapor

/// Issuing and ending API tokens, shared by the account page, `steward token create` and the events that end them.
enum APITokens {
    static let defaultLifetime = TimeInterval(APITokenLifetime.defaultDays * 86_400)

    static func create(
        for person: Person, name: String, scopes: Set<APIScope> = [.basic], days: Int = APITokenLifetime.defaultDays,
        on db: any Database, context: AuditContext,
        beforeCommit: (@Sendable (any Database) async throws -> Void)? = nil
    ) async throws -> (String, APIToken) {
        let personID = try person.requireID()
        let token = Secrets.token(prefix: "stw_")
        let now = Date()
        let record = APIToken(
            personID: personID, name: name, tokenHash: Secrets.sha256(token), createdAt: now, scopes: scopes,
            expiresAt: now.addingTimeInterval(TimeInterval(days * 86_400)))
        try await AuditLog.write(on: db, context: context) { db, audit in
            try await beforeCommit?(db)
            try await record.create(on: db)
            try await audit.append(
                "api_token.created", target: "api_token:\(record.id?.uuidString ?? "")", schoolID: person.$school.id,
                details: [
                    "name": name, "person": personID.uuidString, "scopes": APIScope.encode(scopes),
                    "days": String(days),
                ])
        }
        return (token, record)
    }

    /// Ends every live token of a person (password changed or reset, roles changed, deactivated), with one audit
    /// entry when there were any.
    static func revokeAll(of personID: UUID, reason: String, on db: any Database, audit: AuditWriter) async throws {
        let live = try await APIToken.query(on: db).filter(\.$person.$id == personID).filter(\.$revokedAt == nil)
            .count()
        guard live > 0 else { return }
        try await APIToken.query(on: db).filter(\.$person.$id == personID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: Date()).update()
        try await audit.append(
            "api_token.revoked_all", target: "person:\(personID.uuidString)",
            details: ["reason": reason, "count": String(live)])
    }
}

/// Dates and times as a school reads them, in UK time.
