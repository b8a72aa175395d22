// Records a feature keeps under lines of the retention schedule: when each may go, and how to remove them.

import Fluent
import StewardCore
import Vapor

/// Records a feature keeps under one or more lines of the retention schedule (`RetentionScheduleRule.key`): each
/// record with when it may go, and how to remove some of them, with the audit entries that described them.
struct ScheduledRecords: Sendable {
    /// The schedule lines these records fall under (for cases, several: the one keeping a case longest decides).
    var rules: [String]
    /// Every record of `schoolID` under these lines, with its expiry under `schedule` on `today`.
    var records:
        @Sendable (
            _ schoolID: UUID, _ schedule: [String: RetentionScheduleRule], _ today: CalendarDate, _ db: any Database
        ) async throws -> [RetainedRecord]
    /// Removes `ids` (records of `schoolID` under `rule`, all due and none held) and answers the audit entries that
    /// described them, whose personal data must go too.
    var remove:
        @Sendable (_ rule: String, _ ids: [UUID], _ schoolID: UUID, _ db: any Database) async throws -> [AuditMatch]
    /// The records under these lines that are a person's own (what they acknowledged, declared, checked), which
    /// their request to erase them may remove before the schedule would, each with everyone it is about (a hold on any
    /// of them keeps it); its `expiry` is not counted. Nil for records the school keeps for others' sake (cases,
    /// official posts), which the schedule alone removes.
    var ofPerson:
        (@Sendable (_ personID: UUID, _ schoolID: UUID, _ db: any Database) async throws -> [RetainedRecord])? =
            nil
}
