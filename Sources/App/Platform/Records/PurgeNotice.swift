// A record on the list of what the purge will remove, and the day it was first listed.

import Fluent
import Foundation

/// A record on the list of what the purge will remove: listed once its day is near, removed no sooner than the
/// notice period after it was first listed (`PurgePlanner`).
final class PurgeNotice: Model, SchoolOwned, @unchecked Sendable {
    static let schema = "purge_notices"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    /// The schedule line (`RetentionScheduleRule.key`).
    @Field(key: "rule") var rule: String
    @Field(key: "record_id") var recordID: UUID
    /// The case the record is, or belongs to, so the list follows the case's access rule.
    @OptionalField(key: "case_id") var caseID: UUID?
    /// `YYYY-MM-DD`: the day it was first listed.
    @Field(key: "listed_on") var listedOn: String
    /// `YYYY-MM-DD`: the day it will be removed, as last planned.
    @Field(key: "remove_on") var removeOn: String

    var properties: [any AnyProperty] { [$id, $schoolID, $rule, $recordID, $caseID, $listedOn, $removeOn] }

    init() {}

    init(schoolID: UUID, rule: String, recordID: UUID, caseID: UUID?, listedOn: String, removeOn: String) {
        self.id = UUID()
        self.schoolID = schoolID
        self.rule = rule
        self.recordID = recordID
        self.caseID = caseID
        self.listedOn = listedOn
        self.removeOn = removeOn
    }

    var owningSchoolID: UUID { schoolID }
}
