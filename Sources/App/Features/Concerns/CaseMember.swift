// Someone added to a case by name, who then sees it in full (policy 5).

import Fluent
import Foundation
import StewardCore

final class CaseMember: Model, @unchecked Sendable {
    static let schema = "case_members"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "person_id") var personID: UUID
    @OptionalField(key: "added_by") var addedBy: UUID?
    @Field(key: "added_at") var addedAt: Date

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $caseID, $personID, $addedBy, $addedAt]
    }

    init() {}
}
