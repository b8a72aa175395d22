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

    init() {}
}
