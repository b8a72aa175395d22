// A school's retention schedule as it stands: Steward's defaults, within its trust's limits, with its own periods.

import Fluent
import Foundation
import StewardCore

enum RetentionSchedules {
    /// The schedule `schoolID` follows: each default rule with the trust's limits and the school's own period (kept
    /// within those limits: a period set before the trust narrowed them counts as the nearest limit).
    static func rules(schoolID: UUID, trustID: UUID, on db: any Database) async throws -> [RetentionScheduleRule] {
        let limits = Dictionary(
            try await RetentionLimit.query(on: db).filter(\.$trustID == trustID).all().map { ($0.rule, $0) },
            uniquingKeysWith: { first, _ in first })
        let settings = Dictionary(
            try await RetentionSetting.query(on: db).inSchool(schoolID).all().map { ($0.rule, $0.months) },
            uniquingKeysWith: { first, _ in first })
        return RetentionScheduleRule.defaults.map { rule in
            var rule = rule
            if let limit = limits[rule.key] {
                rule.shortest = RetentionPeriod(months: limit.shortestMonths)
                rule.longest = RetentionPeriod(months: limit.longestMonths)
            }
            let months = settings[rule.key] ?? rule.period.months
            rule.period = RetentionPeriod(months: min(max(months, rule.shortest.months), rule.longest.months))
            return rule
        }
    }
}
