// One entry of a case's chronology: never changed; a correction is a new entry pointing at the one it corrects.

import Fluent
import Foundation
import StewardCore

final class CaseEntry: Model, @unchecked Sendable {
    static let schema = "case_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    /// `report`, `state`, `action`, `correction`, `member`, `evidence`.
    @Field(key: "kind") var kind: String
    @OptionalField(key: "action") var action: CaseActionKind?
    @OptionalField(key: "state_from") var stateFrom: CaseState?
    @OptionalField(key: "state_to") var stateTo: CaseState?
    @Field(key: "text") var text: String
    @OptionalField(key: "external_reference") var externalReference: String?
    @OptionalField(key: "corrects_id") var correctsID: UUID?
    @OptionalField(key: "author_id") var authorID: UUID?
    /// The published governors' report a "governors informed" step names (`GovernorsReport`), or nil.
    @OptionalField(key: "report_id") var reportID: UUID?
    @Field(key: "created_at") var createdAt: Date

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $caseID, $kind, $action, $stateFrom, $stateTo, $text, $externalReference, $correctsID, $authorID,
            $reportID, $createdAt,
        ]
    }

    init() {}

    init(caseID: UUID, kind: String, text: String, authorID: UUID?, at: Date = Date()) {
        self.id = UUID()
        self.caseID = caseID
        self.kind = kind
        self.text = text
        self.authorID = authorID
        self.createdAt = at
    }
}
