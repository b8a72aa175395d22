// A request for help with privacy settings, raised by an "I need help" answer and routed to the school's
// online-safety lead, who follows it up and closes it with a note.

import Fluent
import Foundation

final class SelfCheckHelp: Model, @unchecked Sendable {
    static let schema = "self_check_help"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "check_id") var checkID: UUID
    /// Who asked for help.
    @Field(key: "person_id") var personID: UUID
    /// The online-safety lead it was routed to (open requests follow the lead when the headteacher names another).
    @Field(key: "lead_id") var leadID: UUID
    /// The answers that asked for help, as JSON (`SelfCheckAnswer`).
    @Field(key: "items") var items: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closed_by") var closedBy: UUID?
    @OptionalField(key: "close_note") var closeNote: String?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $schoolID, $checkID, $personID, $leadID, $items, $createdAt, $closedAt, $closedBy, $closeNote]
    }

    init() {}

    init(schoolID: UUID, checkID: UUID, personID: UUID, leadID: UUID, items: [SelfCheckAnswer], at: Date = Date()) {
        self.schoolID = schoolID
        self.checkID = checkID
        self.personID = personID
        self.leadID = leadID
        self.items = SelfCheckAnswer.encode(items)
        self.createdAt = at
    }

    var itemList: [SelfCheckAnswer] { SelfCheckAnswer.decode(items) }
}

extension SelfCheckHelp: SchoolOwned { var owningSchoolID: UUID { schoolID } }
