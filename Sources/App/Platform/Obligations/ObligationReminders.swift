// Reminders for any obligation of staff (a year's declarations, a term's privacy check), by the obligation engine's
// schedule: once a few days before the deadline, weekly once overdue, the line manager once two weeks overdue.
// Mail carries a link and a title, never anyone's status but the reader's own (and, to a line manager, only that
// someone they manage has not done it).

import Fluent
import Foundation
import StewardCore
import Vapor

enum ObligationReminders {
    /// When each reminder goes: the same schedule as the policy library's.
    static let schedule = ReminderSchedule()

    /// What one reminder says.
    struct Message: Sendable {
        var subject: String
        var body: String
    }

    /// One obligation's wording: what the person is asked to do, and where.
    struct Wording: Sendable {
        /// "Steward" mail kind, for the outbox (`declaration_reminder`).
        var mailKind: String
        /// What they are asked to do, after "Please": "confirm your declarations for 2026".
        var ask: String
        /// The page where they do it.
        var link: String
    }

    /// Sends what is due today to the outstanding people of `coverage`; each reminder at most once (weekly ones once
    /// a week), recorded in `obligation_reminders` and audited in the same write as its mail. Returns mails queued.
    @discardableResult
    static func send(
        app: Application, obligation: String, school: School, round: ObligationRound, coverage: ObligationCoverage,
        people: [UUID: Person], wording: Wording, today: CalendarDate, now: Date = Date()
    ) async throws -> Int {
        let schoolID = try school.requireID()
        let history = try await ObligationReminder.query(on: app.db).inSchool(schoolID)
            .filter(\.$obligation == obligation).filter(\.$round == round.number).all()
        var last: [String: Date] = [:]
        for row in history {
            let key = "\(row.personID.uuidString)/\(row.kind)"
            if (last[key] ?? .distantPast) < row.sentAt { last[key] = row.sentAt }
        }
        var queued = 0
        for entry in coverage.outstanding {
            guard let person = people[entry.id], person.active else { continue }
            var manager: Person?
            if let managerID = person.$lineManager.id {
                let found: Person? =
                    if let known = people[managerID] { known } else { try await Person.find(managerID, on: app.db) }
                if let found, found.active { manager = found }
            }
            let due = schedule.due(entry.status, today: today, now: now, hasLineManager: manager != nil) {
                last["\(entry.id.uuidString)/\($0.rawValue)"]
            }
            var plans: [(kind: ReminderKind, to: Person, message: Message)] = []
            for kind in due {
                switch (kind, entry.status) {
                case (.beforeDeadline, .due(let deadline)):
                    plans.append(
                        (
                            kind, person,
                            Message(
                                subject: "Reminder: please \(wording.ask)",
                                body: "Hello \(person.forename),\n\nPlease \(wording.ask) by \(deadline.longForm):\n\n"
                                    + "\(wording.link)\n\nSteward")
                        ))
                case (.overdue, _):
                    plans.append(
                        (
                            kind, person,
                            Message(
                                subject: "Overdue: please \(wording.ask)",
                                body: "Hello \(person.forename),\n\n\(school.name) is still waiting for you to "
                                    + "\(wording.ask):\n\n\(wording.link)\n\nSteward")
                        ))
                case (.lineManager, _):
                    guard let manager else { continue }
                    plans.append(
                        (
                            kind, manager,
                            Message(
                                subject: "Someone you manage is two weeks overdue",
                                body: "Hello \(manager.forename),\n\n\(person.fullName) was asked to "
                                    + "\(wording.ask.replacingOccurrences(of: "your ", with: "their ")) and is two weeks "
                                    + "past the deadline. Please remind them.\n\nSteward")
                        ))
                default:
                    break
                }
            }
            if plans.isEmpty { continue }
            let toSend = plans
            try await AuditLog.write(on: app.db, context: .system("reminders", app)) { db, audit in
                for plan in toSend {
                    try await ObligationReminder(
                        schoolID: schoolID, personID: entry.id, obligation: obligation, round: round.number,
                        kind: plan.kind.rawValue, sentAt: now
                    ).create(on: db)
                    try await Outbox.enqueue(
                        on: db, schoolID: schoolID, kind: wording.mailKind, to: plan.to.email,
                        subject: plan.message.subject, body: plan.message.body)
                    try await audit.append(
                        "\(obligation).reminder_sent", target: "person:\(entry.id.uuidString)", schoolID: schoolID,
                        details: ["round": String(round.number), "kind": plan.kind.rawValue])
                }
            }
            queued += toSend.count
        }
        return queued
    }

    /// The active people of `schoolID`, by id, for an obligation's coverage; with `holding`, only those who hold one
    /// of those roles there (held in the school or across its trust), so nobody is counted for a duty they cannot do.
    static func people(
        of schoolID: UUID, holding roles: Set<Role>? = nil, on db: any Database
    ) async throws -> [UUID: Person] {
        let key = "obligations.people.\(schoolID)." + (roles?.map(\.rawValue).sorted().joined(separator: ",") ?? "*")
        return try await ReadMemo.value(key) {
            var people = try await Person.active(in: schoolID, on: db)
            if let roles {
                let trustID = try await School.find(schoolID, on: db)?.$trust.id
                let rows = try await RoleAssignment.query(on: db).countingIn(schoolID).filter(\.$role ~~ Array(roles))
                    .filter(\.$person.$id ~~ people.compactMap(\.id)).all()
                let holders = Set(rows.filter { $0.$school.id != nil || $0.trustID == trustID }.map(\.$person.id))
                people = people.filter { $0.id.map(holders.contains) ?? false }
            }
            return Dictionary(people.compactMap { p in p.id.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Coverage of `round` over `people`, each meeting the rounds in `met`.
    static func coverage(
        round: ObligationRound?, people: [UUID: Person], met: [UUID: Set<Int>], today: CalendarDate,
        starterDays: Int? = nil
    ) -> ObligationCoverage {
        ObligationCoverage(
            round: round,
            people: people.map { id, person in
                ObligationCoverage.Person(
                    id: id, kind: person.kind, startDate: person.startDate.flatMap(CalendarDate.init(parsing:)),
                    met: met[id] ?? [])
            }, today: today, starterDays: starterDays)
    }
}
