// A school's policy, its versions, and each person's acknowledgement of a version.

import Fluent
import Foundation
import StewardCore

final class Policy: Model, @unchecked Sendable {
    static let schema = "policies"

    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Field(key: "slug") var slug: String
    @Field(key: "title") var title: String
    /// The published version people read now; nil until the first is published.
    @OptionalField(key: "current_version_id") var currentVersionID: UUID?
    /// Readable at `/p/SCHOOL/SLUG` without signing in.
    @Field(key: "is_public") var isPublic: Bool
    @Field(key: "created_at") var createdAt: Date

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $school, $slug, $title, $currentVersionID, $isPublic, $createdAt]
    }

    init() {}

    init(schoolID: UUID, slug: String, title: String, now: Date = Date()) {
        self.$school.id = schoolID
        self.slug = slug
        self.title = title
        self.isPublic = false
        self.createdAt = now
    }
}
