// One account a draft is meant for.

import Fluent
import Foundation

final class DraftAccount: Model, @unchecked Sendable {
    static let schema = "draft_accounts"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "draft_id") var draftID: UUID
    @Field(key: "account_id") var accountID: UUID

    init() {}

    init(schoolID: UUID, draftID: UUID, accountID: UUID) {
        self.schoolID = schoolID
        self.draftID = draftID
        self.accountID = accountID
    }
}
