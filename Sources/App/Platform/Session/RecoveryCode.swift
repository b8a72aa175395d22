// A single-use code that stands in for a lost authenticator, stored only as a hash.

import Fluent
import Foundation

final class RecoveryCode: Model, @unchecked Sendable {
    static let schema = "recovery_codes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $person, $codeHash, $usedAt]
    }

    init() {}

    init(personID: UUID, codeHash: String) {
        self.$person.id = personID
        self.codeHash = codeHash
    }
}
