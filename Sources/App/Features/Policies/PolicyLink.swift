// A single-use link that lets one person without an account read one policy and acknowledge it (policy 1.1, 3b).

import Fluent
import Foundation
import StewardCore

/// A single-use link that lets one person without an account read one policy and acknowledge it (policy 1.1, 3b).
final class PolicyLink: Model, @unchecked Sendable {
    static let schema = "policy_links"
    static let lifetime: TimeInterval = 14 * 86_400

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "policy_id") var policy: Policy
    @Parent(key: "person_id") var person: Person
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $schoolID, $policy, $person, $tokenHash, $createdAt, $expiresAt, $usedAt, $createdBy]
    }

    init() {}
}
