// A school's own period for one line of the retention schedule, set by its headteacher.

import Fluent
import Foundation

/// A school's own period for one line of the retention schedule (`RetentionScheduleRule.key`), in months.
final class RetentionSetting: Model, SchoolOwned, @unchecked Sendable {
    static let schema = "retention_settings"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "rule") var rule: String
    @Field(key: "months") var months: Int
    @Field(key: "changed_by") var changedBy: UUID
    @Field(key: "changed_at") var changedAt: Date

    var properties: [any AnyProperty] { [$id, $schoolID, $rule, $months, $changedBy, $changedAt] }

    init() {}

    init(schoolID: UUID, rule: String, months: Int, changedBy: UUID, at: Date = Date()) {
        self.schoolID = schoolID
        self.rule = rule
        self.months = months
        self.changedBy = changedBy
        self.changedAt = at
    }

    var owningSchoolID: UUID { schoolID }
}
