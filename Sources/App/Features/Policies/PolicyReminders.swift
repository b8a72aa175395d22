// Reminders by mail: before a deadline, weekly after it, the line manager after two weeks overdue, and a weekly
// summary for the headteacher (policy 1.1; 3, headteacher a). Mail carries a link and a title, never anyone's status
// but the reader's own.

import Fluent
import Foundation
import StewardCore
import Vapor

enum PolicyReminders {
    static let dailyKind = "policy.reminders"
    static let weeklyKind = "policy.weekly_summary"
    /// When each reminder goes: the obligation engine's schedule (3 days before, weekly overdue, the line manager
    /// after two weeks).
    static let schedule = ReminderSchedule()

    struct Sent: Sendable, Equatable {
        var beforeDeadline = 0
        var overdue = 0
        var lineManager = 0
    }

    /// Sends what is due today for every published policy; each reminder at most once (weekly ones once a week).
    @discardableResult
    static func run(
        app: Application, schoolID: UUID? = nil, today: CalendarDate = Display.today, now: Date = Date()
    ) async throws
        -> Sent
    {
        var sent = Sent()
        var query = Policy.query(on: app.db).filter(\.$currentVersionID != nil)
        if let schoolID { query = query.inSchool(schoolID) }
        let policies = try await query.all()
        let base = app.steward.config.baseURL
        for policy in policies {
            let policyID = try policy.requireID()
            let versions = try await PolicyLibrary.published(policyID, on: app.db)
            guard let counts = PolicyCompliance.versionThatCounts(versions.compactMap(\.published)),
                let school = try await School.find(policy.$school.id, on: app.db)
            else { continue }
            let (coverage, people) = try await PolicyLibrary.coverage(of: policy, on: app.db, today: today)
            let history = try await PolicyReminder.query(on: app.db).filter(\.$policy.$id == policyID)
                .filter(\.$versionNumber == counts.number).all()
            func last(_ person: UUID, _ kind: String) -> Date? {
                history.filter { $0.$person.id == person && $0.kind == kind }.map(\.sentAt).max()
            }
            for entry in coverage.outstanding {
                guard let person = people[entry.id] else { continue }
                // Managers are usually among the school's people already read; anyone else is looked up.
                var manager: Person?
                if let managerID = person.$lineManager.id {
                    let found: Person? =
                        if let known = people[managerID] { known } else { try await Person.find(managerID, on: app.db) }
                    if let found, found.active { manager = found }
                }
                var plans: [(kind: String, to: Person, subject: String, body: String)] = []
                let readLink = base.address(of: PolicyPaths.show(policyID))
                let due = schedule.due(entry.status, today: today, now: now, hasLineManager: manager != nil) {
                    last(entry.id, $0.rawValue)
                }
                for kind in due {
                    switch (kind, entry.status) {
                    case (.beforeDeadline, .due(let deadline)):
                        plans.append(
                            (
                                kind.rawValue, person, "Reminder: please read \(policy.title)",
                                "Hello \(person.forename),\n\nPlease read \(school.name)'s \(policy.title) and confirm "
                                    + "you have understood it by \(deadline.longForm):\n\n\(readLink)\n\nSteward"
                            ))
                    case (.overdue, _):
                        plans.append(
                            (
                                kind.rawValue, person, "Overdue: please read \(policy.title)",
                                "Hello \(person.forename),\n\n\(school.name) is still waiting for you to read its "
                                    + "\(policy.title) and confirm you have understood it:\n\n\(readLink)\n\nSteward"
                            ))
                    case (.lineManager, _):
                        guard let manager else { continue }
                        plans.append(
                            (
                                kind.rawValue, manager, "Someone you manage has not yet read \(policy.title)",
                                "Hello \(manager.forename),\n\n\(person.fullName) has not yet confirmed reading "
                                    + "\(school.name)'s \(policy.title), which was due two weeks ago. Please remind "
                                    + "them.\n\n\(readLink)\n\nSteward"
                            ))
                    default:
                        break
                    }
                }
                if plans.isEmpty { continue }
                let toSend = plans
                try await AuditLog.write(on: app.db, context: .system("reminders", app)) { db, audit in
                    for plan in toSend {
                        let reminder = PolicyReminder()
                        reminder.$policy.id = policyID
                        reminder.$person.id = entry.id
                        reminder.versionNumber = counts.number
                        reminder.kind = plan.kind
                        reminder.sentAt = now
                        try await reminder.create(on: db)
                        try await Outbox.enqueue(
                            on: db, schoolID: school.id, kind: "policy_reminder", to: plan.to.email,
                            subject: plan.subject, body: plan.body)
                        try await audit.append(
                            "policy.reminder_sent", target: "person:\(entry.id.uuidString)", schoolID: school.id,
                            details: ["policy": policyID.uuidString, "kind": plan.kind])
                    }
                }
                for plan in toSend {
                    switch plan.kind {
                    case "before-deadline": sent.beforeDeadline += 1
                    case "overdue": sent.overdue += 1
                    default: sent.lineManager += 1
                    }
                }
            }
        }
        return sent
    }

    /// Each school's headteachers get the week's figures for every policy, with a link to who is behind.
    @discardableResult
    static func weeklySummary(
        app: Application, schoolID only: UUID? = nil, today: CalendarDate = Display.today
    ) async throws -> Int {
        var mails = 0
        let base = app.steward.config.baseURL
        var schools = School.query(on: app.db)
        if let only { schools = schools.filter(\.$id == only) }
        for school in try await schools.all() {
            let schoolID = try school.requireID()
            let policies = try await Policy.query(on: app.db).inSchool(schoolID)
                .filter(\.$currentVersionID != nil).sort(\.$title).all()
            if policies.isEmpty { continue }
            var lines: [String] = []
            for policy in policies {
                let (coverage, _) = try await PolicyLibrary.coverage(of: policy, on: app.db, today: today)
                let t = coverage.total
                lines.append(
                    "\(policy.title): \(t.met) of \(t.asked) acknowledged (\(t.percent)%), "
                        + "\(t.due) still to do, \(t.overdue) overdue.\n"
                        + base.address(of: PolicyPaths.coverage(try policy.requireID())))
            }
            let heads = try await RoleAssignment.query(on: app.db).heldIn(schoolID)
                .filter(\.$role == .headteacher).all()
            let people = try await Person.query(on: app.db).filter(\.$id ~~ heads.map(\.$person.id))
                .filter(\.$active == true).all()
            if people.isEmpty { continue }
            let body = lines.joined(separator: "\n\n")
            try await AuditLog.write(on: app.db, context: .system("reminders", app)) { db, audit in
                for head in people {
                    try await Outbox.enqueue(
                        on: db, schoolID: schoolID, kind: "policy_summary", to: head.email,
                        subject: "This week's policy acknowledgements at \(school.name)",
                        body: "Hello \(head.forename),\n\n\(body)\n\nSteward")
                }
                try await audit.append(
                    "policy.summary_sent", schoolID: schoolID, details: ["recipients": String(people.count)])
            }
            mails += people.count
        }
        return mails
    }
}
