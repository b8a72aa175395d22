// A request a person made about their records: to see them, correct them or erase them, with its deadline and how it
// was answered.

import Fluent
import Foundation
import StewardCore

/// A request about a person's records (subject access, rectification, erasure), its one-month deadline, and how it
/// was answered: a refusal names its basis (a line of the retention schedule, or a legal hold) and its reason.
final class RecordsRequest: Model, SchoolOwned, @unchecked Sendable {
    static let schema = "records_requests"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    /// The person the request is about (who made it).
    @Field(key: "person_id") var personID: UUID
    @Field(key: "kind") var kind: RecordsRequestKind
    /// `YYYY-MM-DD`: the day it was received.
    @Field(key: "received_on") var receivedOn: String
    /// `YYYY-MM-DD`: one calendar month later.
    @Field(key: "due_on") var dueOn: String
    /// What was asked (what to correct, what to erase), as the person put it.
    @Field(key: "details") var details: String
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date
    @OptionalField(key: "exported_at") var exportedAt: Date?
    @OptionalField(key: "outcome") var outcome: RecordsRequestOutcome?
    /// A line of the retention schedule (`RetentionScheduleRule.key`) or `legal_hold`, for a refusal.
    @OptionalField(key: "basis") var basis: String?
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closed_by") var closedBy: UUID?
    /// What an erasure request has erased so far, as counts by line of the schedule (`{"acknowledgements": 4}`),
    /// when, and by whom (the last time).
    @OptionalField(key: "erased") var erased: String?
    @OptionalField(key: "erased_at") var erasedAt: Date?
    @OptionalField(key: "erased_by") var erasedBy: UUID?

    var properties: [any AnyProperty] {
        [
            $id, $schoolID, $personID, $kind, $receivedOn, $dueOn, $details, $recordedBy, $recordedAt, $exportedAt,
            $outcome, $basis, $reason, $closedAt, $closedBy, $erased, $erasedAt, $erasedBy,
        ]
    }

    init() {}

    init(
        schoolID: UUID, personID: UUID, kind: RecordsRequestKind, receivedOn: CalendarDate, details: String,
        recordedBy: UUID, at: Date = Date()
    ) {
        self.id = UUID()
        self.schoolID = schoolID
        self.personID = personID
        self.kind = kind
        self.receivedOn = receivedOn.description
        self.dueOn = RecordsRequestRules.due(received: receivedOn).description
        self.details = details
        self.recordedBy = recordedBy
        self.recordedAt = at
    }

    var owningSchoolID: UUID { schoolID }
}
