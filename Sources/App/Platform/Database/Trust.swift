// A multi-academy trust: the owner of one or more schools.

import Fluent
import Foundation

final class Trust: Model, @unchecked Sendable {
    static let schema = "trusts"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "slug") var slug: String
    @Children(for: \.$trust) var schools: [School]

    init() {}

    init(id: UUID? = nil, name: String, slug: String) {
        self.id = id
        self.name = name
        self.slug = slug
    }
}
