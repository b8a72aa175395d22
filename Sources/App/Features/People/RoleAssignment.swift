// A role held by a person in a school (or, for a trust administrator, across a trust).

import Fluent
import Foundation
import StewardCore

final class RoleAssignment: Model, @unchecked Sendable {
    static let schema = "role_assignments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "trust_id") var trustID: UUID
    /// Nil for trust-level roles.
    @OptionalParent(key: "school_id") var school: School?
    @Field(key: "role") var role: Role

    /// Listed by hand: Fluent otherwise finds them by reflection on every read and write, the largest cost of a
    /// signed-in page. `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] { [$id, $person, $trustID, $school, $role] }

    init() {}

    init(personID: UUID, trustID: UUID, schoolID: UUID?, role: Role) {
        self.$person.id = personID
        self.trustID = trustID
        self.$school.id = schoolID
        self.role = role
    }
}

extension RoleAssignment {
    /// The roles `personID` holds that count in `schoolID`: held there, or across the trust.
    static func roles(of personID: UUID, in schoolID: UUID, on db: any Database) async throws -> Set<Role> {
        let rows = try await RoleAssignment.query(on: db).filter(\.$person.$id == personID)
            .countingIn(schoolID).all()
        return Set(rows.map(\.role))
    }
}
