// How moments and dates read on a page, the same on every page.

import Foundation
import StewardCore

enum Display {
    /// `2026-11-25 14:03 UTC`: when something happened, to the minute.
    static func time(_ date: Date?) -> String {
        guard let date else { return "" }
        return String(AuditRecord.timestamp(date).replacingOccurrences(of: "T", with: " ").prefix(16)) + " UTC"
    }

    /// `25 November 2026`: the day something happened.
    static func date(_ date: Date?) -> String { date.map { CalendarDate($0).longForm } ?? "" }
}
