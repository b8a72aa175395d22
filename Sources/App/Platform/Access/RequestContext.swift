// What a request knows about who sent it: the browser session, the person, and their access as a StewardCore actor.

import Fluent
import StewardCore
import Vapor

extension Request {
    private struct PersonKey: StorageKey { typealias Value = Person }
    private struct ActorKey: StorageKey { typealias Value = Actor }
    private struct SessionKey: StorageKey { typealias Value = BrowserSession }
    private struct SessionTokenKey: StorageKey { typealias Value = String }
    private struct SchoolKey: StorageKey { typealias Value = School }
    private struct ScopesKey: StorageKey { typealias Value = Set<APIScope> }

    /// What the API token behind this request may do; empty for pages.
    var apiScopes: Set<APIScope> {
        get { storage[ScopesKey.self] ?? [] }
        set { storage[ScopesKey.self] = newValue }
    }

    /// The person behind this request once fully signed in (or authenticated by an API token).
    var currentPerson: Person? {
        get { storage[PersonKey.self] }
        set { storage[PersonKey.self] = newValue }
    }

    /// The access-decision view of `currentPerson`; nil when nobody is fully signed in.
    var actor: Actor? {
        get { storage[ActorKey.self] }
        set { storage[ActorKey.self] = newValue }
    }

    /// The server-side session behind the cookie, at whatever stage of signing in.
    var browserSession: BrowserSession? {
        get { storage[SessionKey.self] }
        set { storage[SessionKey.self] = newValue }
    }

    /// The school the actor is working in.
    var currentSchool: School? {
        get { storage[SchoolKey.self] }
        set { storage[SchoolKey.self] = newValue }
    }

    /// The actor, or an error that becomes a sign-in redirect.
    func requireActor() throws -> (Actor, Person) {
        guard let actor, let person = currentPerson else { throw Abort(.unauthorized) }
        return (actor, person)
    }
}

/// Builds the actor for a person: their roles in each school they may reach.
enum ActorLoader {
    static func load(person: Person, currentSchoolID: UUID?, on db: any Database) async throws -> Actor {
        guard let personID = person.id else { throw Abort(.internalServerError) }
        let assignments = try await RoleAssignment.query(on: db).filter(\.$person.$id == personID).all()
        var rolesBySchool: [UUID: Set<Role>] = [person.$school.id: []]
        var trustWide = Set<Role>()
        for assignment in assignments {
            if let schoolID = assignment.$school.id {
                rolesBySchool[schoolID, default: []].insert(assignment.role)
            } else {
                trustWide.insert(assignment.role)
            }
        }
        if !trustWide.isEmpty {
            let trustSchools = try await School.query(on: db).filter(\.$trust.$id == person.trustID).all()
            for school in trustSchools {
                guard let id = school.id else { continue }
                rolesBySchool[id, default: []].formUnion(trustWide)
            }
        }
        let current = currentSchoolID.flatMap { rolesBySchool[$0] != nil ? $0 : nil } ?? person.$school.id
        return Actor(personID: personID, schoolID: current, rolesBySchool: rolesBySchool)
    }
}

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
        let hash = Secrets.sha256(token)
        guard let session = try await BrowserSession.query(on: request.db).filter(\.$tokenHash == hash).first() else {
            return
        }
        let now = Date()
        guard
            SessionRules.isLive(
                stage: session.stage, createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now),
            let person = try await Person.find(session.$person.id, on: request.db), person.active
        else {
            try await session.delete(on: request.db)
            return
        }
        request.browserSession = session
        if session.stage == .signedIn {
            let actor = try await ActorLoader.load(person: person, currentSchoolID: session.$school.id, on: request.db)
            request.currentPerson = person
            request.actor = actor
            request.currentSchool = try await School.find(actor.schoolID, on: request.db)
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
