// A school: the unit every record belongs to and every query is scoped by.

import Fluent
import Foundation

final class School: Model, @unchecked Sendable {
    static let schema = "schools"

    @ID(key: .id) var id: UUID?
    @Parent(key: "trust_id") var trust: Trust
    @Field(key: "name") var name: String
    @Field(key: "slug") var slug: String

    init() {}

    init(id: UUID? = nil, trustID: UUID, name: String, slug: String) {
        self.id = id
        self.$trust.id = trustID
        self.name = name
        self.slug = slug
    }
}
