// An uploaded import file waiting for the person who uploaded it to confirm the plan it produced.

import Fluent
import Foundation

final class PendingImport: Model, @unchecked Sendable {
    static let schema = "pending_imports"

    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Parent(key: "person_id") var person: Person
    @Field(key: "kind") var kind: String
    @Field(key: "content") var content: Data
    @Field(key: "full_import") var fullImport: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(schoolID: UUID, personID: UUID, kind: String, content: Data, fullImport: Bool, createdAt: Date) {
        self.$school.id = schoolID
        self.$person.id = personID
        self.kind = kind
        self.content = content
        self.fullImport = fullImport
        self.createdAt = createdAt
    }

    /// An upload not confirmed within an hour is no longer offered.
    static let lifetime: TimeInterval = 3600
}
