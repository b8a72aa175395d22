// One person's acknowledgement of one version of a policy: the exact text (by hash), when, and from where.

import Fluent
import Foundation
import StewardCore

final class PolicyAcknowledgement: Model, @unchecked Sendable {
    static let schema = "policy_acknowledgements"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "policy_id") var policy: Policy
    @Parent(key: "version_id") var version: PolicyVersion
    @Field(key: "version_number") var versionNumber: Int
    @Field(key: "version_hash") var versionHash: String
    @Parent(key: "person_id") var person: Person
    @Field(key: "acknowledged_at") var acknowledgedAt: Date
    @Field(key: "client_address") var clientAddress: String
    @OptionalField(key: "user_agent") var userAgent: String?
    /// `page`, `api` or `link`.
    @Field(key: "method") var method: String

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $schoolID, $policy, $version, $versionNumber, $versionHash, $person, $acknowledgedAt, $clientAddress,
            $userAgent, $method,
        ]
    }

    init() {}
}
