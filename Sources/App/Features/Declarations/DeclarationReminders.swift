// The yearly confirmation's reminders (policy 1.5, issue 14): the same schedule and line-manager escalation as
// policies, through the one runner for staff obligations.

import Fluent
import Foundation
import StewardCore
import Vapor

enum DeclarationReminders {
    static let kind = "declarations.reminders"
    static let obligation = "declarations"

    /// Sends what is due today about this year's confirmation in `schoolID`; returns mails queued.
    @discardableResult
    static func run(app: Application, schoolID: UUID, today: CalendarDate, now: Date = Date()) async throws -> Int {
        guard let school = try await School.find(schoolID, on: app.db) else { return 0 }
        let (round, coverage, people) = try await DeclarationController.coverage(
            schoolID: schoolID, on: app.db, today: today)
        return try await ObligationReminders.send(
            app: app, obligation: obligation, school: school, round: round, coverage: coverage, people: people,
            wording: ObligationReminders.Wording(
                mailKind: "declaration_reminder",
                ask: "confirm your declarations of relationships with people connected to the school for "
                    + "\(round.number), or make a nil return",
                link: app.steward.config.baseURL.address(of: DeclarationPaths.list())),
            today: today, now: now)
    }

    /// When a line manager leaves, what waited for them goes to the headteacher (in the same write).
    static func reroute(from personID: UUID, schoolID: UUID, on db: any Database, audit: AuditWriter) async throws {
        let waiting = try await Declaration.query(on: db).inSchool(schoolID).filter(\.$reviewerID == personID)
            .filter(\.$reviewerKind == Declarations.ReviewerKind.lineManager.rawValue).filter(\.$closedOn == nil).all()
        for declaration in waiting {
            declaration.reviewerKind = Declarations.ReviewerKind.headteacher.rawValue
            declaration.reviewerID = nil
            declaration.updatedAt = Date()
            try await declaration.update(on: db)
            try await audit.append(
                "declaration.rerouted", target: "declaration:\(try declaration.requireID().uuidString)",
                schoolID: schoolID, details: ["reason": "line manager left", "to": "headteacher"])
        }
    }
}
