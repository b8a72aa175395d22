// A concern and the confidential case it becomes: its chronology, the people added to it, its evidence.

import Fluent
import Foundation
import StewardCore

final class ConcernCase: Model, @unchecked Sendable {
    static let schema = "cases"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    /// `C-2026-0007`: what mail and the reporter see instead of any detail.
    @Field(key: "reference") var reference: String
    @Field(key: "category") var category: ConcernCategory
    @Field(key: "state") var state: CaseState
    @OptionalField(key: "outcome") var outcome: CaseOutcome?
    @Field(key: "what_happened") var whatHappened: String
    @OptionalField(key: "happened_on") var happenedOn: String?
    @Field(key: "platform") var platform: String
    /// `pupil`, `parent`, `colleague`, `outside` or `unknown`.
    @Field(key: "involved_kind") var involvedKind: String
    @Field(key: "involved_description") var involvedDescription: String
    @OptionalField(key: "involved_pupil_id") var involvedPupilID: UUID?
    /// The colleague the concern is about, who never sees it.
    @OptionalField(key: "subject_person_id") var subjectPersonID: UUID?
    @Field(key: "about_headteacher") var aboutHeadteacher: Bool
    /// For contact from a pupil or family (policy 4.3): did they block them, report it to the platform (yes/no/blank).
    @OptionalField(key: "blocked") var blocked: String?
    @OptionalField(key: "reported_to_platform") var reportedToPlatform: String?
    @Field(key: "reporter_id") var reporterID: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_entry_at") var lastEntryAt: Date
    /// When handlers were last reminded that the case is overdue.
    @OptionalField(key: "reminded_at") var remindedAt: Date?

    init() {}
}

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
    @Field(key: "created_at") var createdAt: Date

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

final class CaseMember: Model, @unchecked Sendable {
    static let schema = "case_members"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "person_id") var personID: UUID
    @OptionalField(key: "added_by") var addedBy: UUID?
    @Field(key: "added_at") var addedAt: Date

    init() {}
}

final class CaseEvidence: Model, @unchecked Sendable {
    static let schema = "case_evidence"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "data") var data: Data
    @OptionalField(key: "uploaded_by") var uploadedBy: UUID?
    @Field(key: "uploaded_at") var uploadedAt: Date

    init() {}
}
