// A trust's limits for one line of the retention schedule: the shortest and longest period its schools may set.

import Fluent
import Foundation

/// The shortest and longest period, in months, a trust's schools may set for one line of the retention schedule.
final class RetentionLimit: Model, @unchecked Sendable {
    static let schema = "retention_limits"

    @ID(key: .id) var id: UUID?
    @Field(key: "trust_id") var trustID: UUID
    @Field(key: "rule") var rule: String
    @Field(key: "shortest_months") var shortestMonths: Int
    @Field(key: "longest_months") var longestMonths: Int
    @Field(key: "changed_by") var changedBy: UUID
    @Field(key: "changed_at") var changedAt: Date

    var properties: [any AnyProperty] {
        [$id, $trustID, $rule, $shortestMonths, $longestMonths, $changedBy, $changedAt]
    }

    init() {}

    init(trustID: UUID, rule: String, shortest: Int, longest: Int, changedBy: UUID, at: Date = Date()) {
        self.trustID = trustID
        self.rule = rule
        self.shortestMonths = shortest
        self.longestMonths = longest
        self.changedBy = changedBy
        self.changedAt = at
    }
}
