// A person named as an administrator of one official account (policy 4.8: "only those with permission").

import Fluent
import Foundation

final class AccountAdministrator: Model, @unchecked Sendable {
    static let schema = "official_account_admins"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "person_id") var personID: UUID
    @OptionalField(key: "added_by") var addedBy: UUID?
    @Field(key: "added_at") var addedAt: Date

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $schoolID, $accountID, $personID, $addedBy, $addedAt]
    }

    init() {}

    init(schoolID: UUID, accountID: UUID, personID: UUID, addedBy: UUID?, now: Date = Date()) {
        self.schoolID = schoolID
        self.accountID = accountID
        self.personID = personID
        self.addedBy = addedBy
        self.addedAt = now
    }
}
