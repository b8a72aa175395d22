// Acknowledging a policy from a request: an acknowledgement already recorded is answered from a read.

import Fluent
import Foundation
import Vapor

extension PolicyLibrary {
    /// Records that the signed-in `person` has read and understood `version` (`acknowledge(_:person:…)`), in one
    /// audited write. Acknowledging again what is already recorded changes nothing, so it is answered from a read
    /// without waiting for the turn to write (a second click, a form sent twice, an app that retries).
    static func acknowledge(
        _ version: PolicyVersion, person: Person, method: String, answers: [Int?]?, req: Request
    ) async throws -> Acknowledged {
        if try await alreadyAcknowledged(version, person: person, on: req.db) { return .already }
        let address = req.clientAddress
        let agent = req.headers.first(name: .userAgent)
        return try await req.write { db, audit in
            try await acknowledge(
                version, person: person, method: method, address: address, userAgent: agent, answers: answers,
                on: db, audit: audit)
        }
    }

    /// Whether `person` has acknowledged `version` while it is still its policy's current published version: then
    /// `acknowledge` would answer `.already` too. Otherwise (not yet, or the version replaced) `acknowledge` decides.
    static func alreadyAcknowledged(_ version: PolicyVersion, person: Person, on db: any Database) async throws -> Bool
    {
        guard let versionID = version.id, let personID = person.id, version.isPublished,
            let policy = try await Policy.find(version.$policy.id, on: db), policy.currentVersionID == versionID
        else { return false }
        return try await PolicyAcknowledgement.query(on: db).filter(\.$person.$id == personID)
            .filter(\.$version.$id == versionID).first() != nil
    }
}
