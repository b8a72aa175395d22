// A reminder sent about one round of an obligation (a year's declarations, a term's privacy check) to one person,
// or to their line manager about them, so none is sent twice.

import Fluent
import Foundation

/// A reminder sent about one round of an obligation to one person (or to their line manager about them).
final class ObligationReminder: Model, @unchecked Sendable {
    static let schema = "obligation_reminders"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "person_id") var personID: UUID
    /// Which obligation: `declarations` or `self-check`.
    @Field(key: "obligation") var obligation: String
    /// The round's number (a year, a term's first day).
    @Field(key: "round") var round: Int
    /// `before-deadline`, `overdue` (weekly) or `line-manager`.
    @Field(key: "kind") var kind: String
    @Field(key: "sent_at") var sentAt: Date

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $schoolID, $personID, $obligation, $round, $kind, $sentAt]
    }

    init() {}

    init(schoolID: UUID, personID: UUID, obligation: String, round: Int, kind: String, sentAt: Date) {
        self.schoolID = schoolID
        self.personID = personID
        self.obligation = obligation
        self.round = round
        self.kind = kind
        self.sentAt = sentAt
    }
}

extension ObligationReminder: SchoolOwned { var owningSchoolID: UUID { schoolID } }
