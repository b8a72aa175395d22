// When a reminder about an obligation goes: once a few days before the deadline, weekly once it is overdue, and to
// the line manager once it is two weeks overdue.

import Foundation

/// The reminders an obligation sends.
public enum ReminderKind: String, Sendable, CaseIterable, Codable {
    case beforeDeadline = "before-deadline"
    case overdue
    case lineManager = "line-manager"
}

/// When each reminder goes, for any obligation.
public struct ReminderSchedule: Sendable, Equatable {
    /// Days before the deadline the one early reminder goes.
    public var daysBefore = 3
    /// Seconds between overdue reminders (a week, less an hour so a daily job at the same time always qualifies).
    public var overdueEvery: TimeInterval = 7 * 86_400 - 3_600
    /// Days overdue before the line manager is told, once.
    public var lineManagerAfter = 14

    public init() {}

    /// The reminders due now for someone with `status`, given when each kind was last sent to them (nil: never).
    public func due(
        _ status: ObligationStatus, today: CalendarDate, now: Date, hasLineManager: Bool,
        lastSent: (ReminderKind) -> Date?
    ) -> [ReminderKind] {
        switch status {
        case .due(let deadline):
            return today.days(until: deadline) <= daysBefore && lastSent(.beforeDeadline) == nil
                ? [.beforeDeadline] : []
        case .overdue(_, let days):
            var kinds: [ReminderKind] = []
            if lastSent(.overdue).map({ now.timeIntervalSince($0) >= overdueEvery }) ?? true { kinds.append(.overdue) }
            if days >= lineManagerAfter, hasLineManager, lastSent(.lineManager) == nil { kinds.append(.lineManager) }
            return kinds
        case .notRequired, .met:
            return []
        }
    }
}
