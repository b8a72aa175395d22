// Reads the session cookie and, for a live session of an active person, sets the request's person and actor.

import Fluent
import StewardCore
import Vapor

/// Reads the session cookie and, for a live session of an active person, sets the request's person and actor.
///
/// A session that has expired, or whose person has been deactivated, is deleted on sight.
struct BrowserSessionMiddleware: AsyncMiddleware {
    static let cookieName = "steward_session"
    /// `last_seen_at` is written at most this often, so browsing does not cost a disk sync per page.
    static let touchInterval: TimeInterval = 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.cookies[Self.cookieName]?.string, !token.isEmpty, token.count < 200 {
            try await load(token: token, request: request)
        }
        return try await next.respond(to: request)
    }

    private func load(token: String, request: Request) async throws {
        // One query in the common case: the session, its person, their schools and roles together.
        guard let found = try await SessionLookup.find(tokenHash: Secrets.sha256(token), on: request.db) else {
            return
        }
        let session = found.session
        let now = Date()
        guard
            SessionRules.isLive(
                stage: session.stage, createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now),
            found.person.active
        else {
            try await session.delete(on: request.db)
            return
        }
        request.browserSession = session
        if session.stage == .signedIn {
            let actor = try found.actor()
            request.currentPerson = found.person
            request.actor = actor
            request.currentSchool = found.schools[actor.schoolID]
            request.changeStamp = found.changeStamp
        }
        if now.timeIntervalSince(session.lastSeenAt) > Self.touchInterval {
            session.lastSeenAt = now
            try await session.update(on: request.db)
        }
    }

    /// The cookie that carries a new session token.
    static func cookie(_ token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, expires: nil, maxAge: Int(SessionRules.absoluteTimeout), domain: nil, path: "/",
            isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    static func expiredCookie(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/", isSecure: secure,
            isHTTPOnly: true, sameSite: .lax)
    }
}
