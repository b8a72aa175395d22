// One account a draft is meant for.

import Fluent
import Foundation

final class DraftAccount: Model, @unchecked Sendable {
    static let schema = "draft_accounts"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "draft_id") var draftID: UUID
    @Field(key: "account_id") var accountID: UUID

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $schoolID, $draftID, $accountID]
    }

    init() {}

    init(schoolID: UUID, draftID: UUID, accountID: UUID) {
        self.schoolID = schoolID
        self.draftID = draftID
        self.accountID = accountID
    }
}
