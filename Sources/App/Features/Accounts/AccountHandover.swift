// An open item on the headteacher's checklist: someone who ran an account has gone, so its password must change or
// their access on the platform must end.

import Fluent
import Foundation

final class AccountHandover: Model, @unchecked Sendable {
    static let schema = "account_handovers"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "person_id") var personID: UUID
    /// Why they came off the account ("left the school", "no longer a social media administrator").
    @Field(key: "reason") var reason: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "done_at") var doneAt: Date?
    @OptionalField(key: "done_by") var doneBy: UUID?
    @OptionalField(key: "done_note") var doneNote: String?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $schoolID, $accountID, $personID, $reason, $createdAt, $doneAt, $doneBy, $doneNote]
    }

    init() {}

    init(schoolID: UUID, accountID: UUID, personID: UUID, reason: String, now: Date = Date()) {
        self.schoolID = schoolID
        self.accountID = accountID
        self.personID = personID
        self.reason = reason
        self.createdAt = now
    }
}
