// A relationship a member of staff has declared with someone connected to the school (policy 1.5), routed to the
// person who reviews it. Closed with a date when it ends; never deleted while the school keeps it.

import Fluent
import Foundation
import StewardCore

final class Declaration: Model, @unchecked Sendable {
    static let schema = "declarations"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "declarer_id") var declarerID: UUID
    @Field(key: "party_kind") var partyKind: DeclarationParty
    /// The colleague or governor, when the other person is one of the school's people.
    @OptionalField(key: "party_person_id") var partyPersonID: UUID?
    /// The pupil, or the child of the parent or carer (the pupil may since have left the roster).
    @OptionalField(key: "party_pupil_id") var partyPupilID: UUID?
    /// The pupil's name and class when declared ("Amy Smith, Oak"), kept after they leave the roster.
    @Field(key: "party_pupil_label") var partyPupilLabel: String
    /// The other person's name: as the declarer gave it for a parent, contractor or anyone else; the roster's or
    /// the school's record of it for a pupil, colleague or governor.
    @Field(key: "party_name") var partyName: String
    @Field(key: "nature") var nature: DeclarationNature
    /// More about the relationship, in the declarer's words.
    @Field(key: "detail") var detail: String
    /// "Since when": `2019`, `2019-03` or `2019-03-04`.
    @Field(key: "since") var since: String
    /// Keys of the platforms they are connected on (see `SocialPlatforms`), comma-separated; empty: not online.
    @Field(key: "platforms") var platforms: String
    /// Who reviews it: `line_manager` (then `reviewer_id`), `headteacher` or `chair_of_governors`.
    @Field(key: "reviewer_kind") var reviewerKind: String
    @OptionalField(key: "reviewer_id") var reviewerID: UUID?
    /// The latest outcome recorded (nil: waiting for review), kept here for lists.
    @OptionalField(key: "outcome") var outcome: DeclarationOutcomeKind?
    /// Set once it has been passed to the designated safeguarding lead: from then on they may see it.
    @Field(key: "passed_to_safeguarding") var passedToSafeguarding: Bool
    /// When a plan agreed is next reviewed (ISO date).
    @OptionalField(key: "review_on") var reviewOn: String?
    /// The day the relationship ended (ISO date), when it has.
    @OptionalField(key: "closed_on") var closedOn: String?
    @OptionalField(key: "closed_by") var closedBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $schoolID, $declarerID, $partyKind, $partyPersonID, $partyPupilID, $partyPupilLabel, $partyName,
            $nature, $detail, $since, $platforms, $reviewerKind, $reviewerID, $outcome, $passedToSafeguarding,
            $reviewOn, $closedOn, $closedBy, $createdAt, $updatedAt,
        ]
    }

    init() {}

    var platformKeys: [String] { platforms.split(separator: ",").map(String.init) }
    var isClosed: Bool { closedOn != nil }
    var sinceDate: ApproximateDate? { ApproximateDate(parsing: since) }
}

extension Declaration: SchoolOwned { var owningSchoolID: UUID { schoolID } }
