// A legal hold: while it stands, nothing about its case or its person is removed, whatever the schedule says.

import Fluent
import Foundation

/// A legal hold on a case or on everything about a person, with the reason it was placed and, once lifted, when,
/// by whom and why.
final class LegalHold: Model, SchoolOwned, @unchecked Sendable {
    static let schema = "legal_holds"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    /// The case held, or nil for a hold on a person.
    @OptionalField(key: "case_id") var caseID: UUID?
    /// The person whose records are all held, or nil for a hold on a case.
    @OptionalField(key: "person_id") var personID: UUID?
    @Field(key: "reason") var reason: String
    @Field(key: "placed_by") var placedBy: UUID
    @Field(key: "placed_at") var placedAt: Date
    @OptionalField(key: "lifted_at") var liftedAt: Date?
    @OptionalField(key: "lifted_by") var liftedBy: UUID?
    @OptionalField(key: "lift_reason") var liftReason: String?

    var properties: [any AnyProperty] {
        [$id, $schoolID, $caseID, $personID, $reason, $placedBy, $placedAt, $liftedAt, $liftedBy, $liftReason]
    }

    init() {}

    init(schoolID: UUID, caseID: UUID?, personID: UUID?, reason: String, placedBy: UUID, at: Date = Date()) {
        self.id = UUID()
        self.schoolID = schoolID
        self.caseID = caseID
        self.personID = personID
        self.reason = reason
        self.placedBy = placedBy
        self.placedAt = at
    }

    var owningSchoolID: UUID { schoolID }

    /// The audit target of what is held: the case (so its entries follow the case's access rule) or the person.
    var target: String {
        if let caseID { return "case:\(caseID.uuidString)" }
        return "person:\(personID?.uuidString ?? "")"
    }
}
