// A bearer token for the JSON API, stored only as a hash.

import Fluent
import Foundation
import StewardCore

final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    /// Space-separated `APIScope` values.
    @OptionalField(key: "scopes") var scopes: String?
    /// The token stops working at this time; a token without one never works.
    @OptionalField(key: "expires_at") var expiresAt: Date?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $person, $name, $tokenHash, $createdAt, $lastUsedAt, $revokedAt, $scopes, $expiresAt]
    }

    init() {}

    init(
        personID: UUID, name: String, tokenHash: String, createdAt: Date, scopes: Set<APIScope>, expiresAt: Date
    ) {
        self.$person.id = personID
        self.name = name
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.scopes = APIScope.encode(scopes)
        self.expiresAt = expiresAt
    }

    var scopeSet: Set<APIScope> { APIScope.decode(scopes) }
}
