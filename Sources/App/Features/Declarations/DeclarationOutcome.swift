// One outcome a reviewer recorded on a declaration: noted, advice given, a plan agreed, or passed on (policy 1.5).

import Fluent
import Foundation
import StewardCore

final class DeclarationOutcome: Model, @unchecked Sendable {
    static let schema = "declaration_outcomes"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "declaration_id") var declarationID: UUID
    @Field(key: "kind") var kind: DeclarationOutcomeKind
    /// The advice, the plan, or a note for whoever it is passed to.
    @Field(key: "text") var text: String
    /// When a plan is reviewed (ISO date).
    @OptionalField(key: "review_on") var reviewOn: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $schoolID, $declarationID, $kind, $text, $reviewOn, $recordedBy, $recordedAt]
    }

    init() {}

    init(
        schoolID: UUID, declarationID: UUID, kind: DeclarationOutcomeKind, text: String, reviewOn: String?,
        recordedBy: UUID, at: Date = Date()
    ) {
        self.schoolID = schoolID
        self.declarationID = declarationID
        self.kind = kind
        self.text = text
        self.reviewOn = reviewOn
        self.recordedBy = recordedBy
        self.recordedAt = at
    }
}

extension DeclarationOutcome: SchoolOwned { var owningSchoolID: UUID { schoolID } }
