// Authenticates `Authorization: Bearer …` for the JSON API.

import Fluent
import StewardCore
import Vapor

/// Authenticates `Authorization: Bearer …` for the JSON API. Cookies are ignored there, so the API cannot be
/// driven by another site through a signed-in browser.
struct BearerTokenMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization, bearer.token.count < 200 {
            let hash = Secrets.sha256(bearer.token)
            let now = Date()
            // One query: the token, its person, their schools and roles together.
            if let found = try await CredentialLookup<APIToken>.find(tokenHash: hash, on: request.db),
                APITokenLifetime.isLive(
                    expiresAt: found.credential.expiresAt, revokedAt: found.credential.revokedAt, now: now),
                found.person.active
            {
                let token = found.credential
                let person = found.person
                let actor = try found.actor()
                // A role that sees confidential records needs two-factor sign-in; until its holder has set it up,
                // their tokens do nothing (the token would otherwise be a way round the second factor).
                if AccountController.requiresTwoFactor(actor) && !person.hasTwoFactor {
                    throw Abort(
                        .forbidden,
                        reason: "Your role needs two-factor sign-in. Set it up in Steward before using API tokens.")
                }
                request.currentPerson = person
                request.actor = actor
                request.currentSchool = found.schools[actor.schoolID]
                request.changeStamp = found.changeStamp
                request.apiScopes = token.scopeSet
                if now.timeIntervalSince(token.lastUsedAt ?? .distantPast) > 60 {
                    token.lastUsedAt = now
                    try await token.update(on: request.db)
                }
            }
        }
        return try await next.respond(to: request)
    }
}
