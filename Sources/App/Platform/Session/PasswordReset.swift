// A single-use link that lets a person choose a new password, kept only as a hash of its token.

import Fluent
import Foundation

final class PasswordReset: Model, @unchecked Sendable {
    static let schema = "password_resets"

    /// How long a link someone asked for works after it is sent.
    static let lifetime: TimeInterval = 3600
    /// How long a link the school sends a new starter works: they may not read their mail within the hour.
    static let invitationLifetime: TimeInterval = 7 * 86_400

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @Field(key: "requested_from") var requestedFrom: String

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $person, $tokenHash, $createdAt, $expiresAt, $usedAt, $requestedFrom]
    }

    init() {}

    init(personID: UUID, tokenHash: String, now: Date, requestedFrom: String, lifetime: TimeInterval = lifetime) {
        self.$person.id = personID
        self.tokenHash = tokenHash
        self.createdAt = now
        self.expiresAt = now.addingTimeInterval(lifetime)
        self.requestedFrom = requestedFrom
    }
}
