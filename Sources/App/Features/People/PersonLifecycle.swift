// Joining and leaving: what happens to a person's access when they are deactivated.

import Fluent
import Foundation

/// Joining and leaving: what happens to access when someone is deactivated.
enum PersonLifecycle {
    /// Deactivates a person: their sessions end and their API tokens are revoked in the same transaction.
    /// With `removingRoles` (a leaver), their roles in the school are taken away too.
    static func deactivate(
        _ person: Person, reason: String, removingRoles: Bool = false, on db: any Database, audit: AuditWriter
    ) async throws {
        let personID = try person.requireID()
        if removingRoles {
            try await RoleAssignment.query(on: db).filter(\.$person.$id == personID)
                .heldIn(person.$school.id).delete()
        }
        let now = Date()
        person.active = false
        person.deactivatedAt = now
        try await person.update(on: db)
        try await BrowserSession.query(on: db).filter(\.$person.$id == personID).delete()
        try await APIToken.query(on: db).filter(\.$person.$id == personID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).update()
        try await Features.tell(.left(personID: personID, schoolID: person.$school.id), on: db, audit: audit)
        try await audit.append(
            "person.deactivated", target: "person:\(personID.uuidString)", schoolID: person.$school.id,
            details: ["reason": reason, "roles_removed": removingRoles ? "yes" : "no"])
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
