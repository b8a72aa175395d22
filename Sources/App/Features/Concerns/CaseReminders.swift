// Mail to the handlers of an overdue case: untriaged after a working day, or quiet for 14 days.

import Crypto
import Fluent
import Foundation
import SQLKit
import StewardCore
import Vapor

enum CaseReminders {
    static let kind = "case.deadlines"

    /// Mails the handlers of every overdue case (untriaged after a working day, or no entry for 14 days) when it
    /// becomes overdue and weekly while it stays so; the mail carries the reference and a link only.
    @discardableResult
    static func run(app: Application, now: Date = Date()) async throws -> Int {
        var reminded = 0
        let open = try await Case.query(on: app.db).filter(\.$state != .closed).all()
        // Each case's working days are its school's.
        var clocks: [UUID: SchoolClock] = [:]
        for school in try await School.query(on: app.db).all() { if let id = school.id { clocks[id] = school.clock } }
        for item in open
        where CaseDeadlines.isOverdue(
            state: item.state, reported: item.createdAt, lastEntry: item.lastEntryAt, now: now,
            clock: clocks[item.schoolID] ?? .london)
            && (item.remindedAt.map { now.timeIntervalSince($0) >= 7 * 86_400 - 3_600 || $0 < item.lastEntryAt } ?? true)
        {
            let caseID = try item.requireID()
            let baseURL = app.steward.config.baseURL
            try await AuditLog.write(on: app.db, context: .system("reminders", app)) { db, audit in
                let facts = try await Cases.facts(item, on: db)
                let handlers = try await Cases.handlers(of: item, facts: facts, on: db)
                try await Cases.notify(
                    handlers, about: item, subject: "Overdue concern",
                    line: item.state == .new
                        ? "A concern has not been looked at within a working day."
                        : "A case has had no entry for \(CaseDeadlines.quietDays) days.",
                    baseURL: baseURL, on: db)
                try await Case.query(on: db).filter(\.$id == caseID).set(\.$remindedAt, to: now).update()
                try await audit.append(
                    "case.reminder_sent", target: "case:\(caseID.uuidString)", schoolID: item.schoolID,
                    details: ["handlers": String(handlers.count)])
            }
            reminded += 1
        }
        return reminded
    }
}
