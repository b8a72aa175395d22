// A reminder sent about one policy to one person (or to their line manager about them), so none is sent twice.

import Fluent
import Foundation
import StewardCore

/// A reminder sent about one policy to one person (or to their line manager about them), so none is sent twice.
final class PolicyReminder: Model, @unchecked Sendable {
    static let schema = "policy_reminders"

    @ID(key: .id) var id: UUID?
    @Parent(key: "policy_id") var policy: Policy
    @Parent(key: "person_id") var person: Person
    @Field(key: "version_number") var versionNumber: Int
    /// `before-deadline`, `overdue` (weekly) or `line-manager`.
    @Field(key: "kind") var kind: String
    @Field(key: "sent_at") var sentAt: Date

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $policy, $person, $versionNumber, $kind, $sentAt]
    }

    init() {}
}
