// A multi-academy trust: the owner of one or more schools.

import Fluent
import Foundation

final class Trust: Model, @unchecked Sendable {
    static let schema = "trusts"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "slug") var slug: String
    @Children(for: \.$trust) var schools: [School]

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $name, $slug, $schools]
    }

    init() {}

    init(id: UUID? = nil, name: String, slug: String) {
        self.id = id
        self.name = name
        self.slug = slug
    }
}
