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
    private struct ChangeStampKey: StorageKey { typealias Value = Int64 }
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

    /// Where the audit log's head stood when the session was read: it moves with every change of state, on every
    /// instance, so content kept from a request with the same stamp is still true (`HomeCache`).
    var changeStamp: Int64? {
        get { storage[ChangeStampKey.self] }
        set { storage[ChangeStampKey.self] = newValue }
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
