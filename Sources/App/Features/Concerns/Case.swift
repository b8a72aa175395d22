// A concern and the confidential case it becomes: its chronology, the people added to it, its evidence.

import Fluent
import Foundation
import StewardCore

final class Case: Model, @unchecked Sendable {
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
    /// When a false or malicious allegation was taken off the records of the person it was about (the retention
    /// schedule's `false_allegations` line). The case still names them, so that they can never read it, but it is no
    /// longer among what is held about them, nor kept as an allegation against them.
    @OptionalField(key: "unlinked_at") var unlinkedAt: Date?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $schoolID, $reference, $category, $state, $outcome, $whatHappened, $happenedOn, $platform,
            $involvedKind, $involvedDescription, $involvedPupilID, $subjectPersonID, $aboutHeadteacher, $blocked,
            $reportedToPlatform, $reporterID, $createdAt, $lastEntryAt, $remindedAt, $unlinkedAt,
        ]
    }

    init() {}
}
