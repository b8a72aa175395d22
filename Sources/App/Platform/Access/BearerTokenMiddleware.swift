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
            if let token = try await APIToken.query(on: request.db).filter(\.$tokenHash == hash).first(),
                APITokenLifetime.isLive(expiresAt: token.expiresAt, revokedAt: token.revokedAt, now: now),
                let person = try await Person.find(token.$person.id, on: request.db), person.active
            {
                let actor = try await ActorLoader.load(person: person, currentSchoolID: nil, on: request.db)
                // A role that sees confidential records needs two-factor sign-in; until its holder has set it up,
                // their tokens do nothing (the token would otherwise be a way round the second factor).
                if AccountController.requiresTwoFactor(actor) && !person.hasTwoFactor {
                    throw Abort(
                        .forbidden,
                        reason: "Your role needs two-factor sign-in. Set it up in Steward before using API tokens.")
                }
                request.currentPerson = person
                request.actor = actor
                request.currentSchool = try await School.find(actor.schoolID, on: request.db)
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
