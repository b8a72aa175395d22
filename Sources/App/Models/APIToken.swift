// A bearer token for the JSON API, stored only as a hash.

import Fluent
import Foundation

final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(personID: UUID, name: String, tokenHash: String, createdAt: Date) {
        self.$person.id = personID
        self.name = name
        self.tokenHash = tokenHash
        self.createdAt = createdAt
    }
}
