// Reminders to complete this term's privacy check, by the obligation engine's schedule: once before the deadline,
// weekly once overdue, the line manager at two weeks overdue. Only while a term is open: a closed term's check can no
// longer be completed.

import Fluent
import Foundation
import StewardCore
import Vapor

enum SelfCheckReminders {
    static let dailyKind = "self_checks.reminders"

    /// Sends what is due on `today` to the staff of `schoolID` still to complete the open term's check.
    @discardableResult
    static func run(app: Application, schoolID: UUID, today: CalendarDate, now: Date = Date()) async throws -> Int {
        guard let school = try await School.find(schoolID, on: app.db) else { return 0 }
        let settings = try await SelfCheckSettings.of(schoolID, on: app.db)
        guard settings.openTerm(on: today) != nil else { return 0 }
        let (round, coverage, people) = try await SelfChecks.coverage(
            of: schoolID, settings: settings, today: today, on: app.db)
        guard let round else { return 0 }
        return try await ObligationReminders.send(
            app: app, obligation: SelfChecks.obligation, school: school, round: round, coverage: coverage,
            people: people,
            wording: .init(
                mailKind: "self_check_reminder", ask: "complete this term's privacy check",
                link: app.steward.config.baseURL.address(of: SelfCheckPaths.list())),
            today: today, now: now)
    }
}
