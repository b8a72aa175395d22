// The privacy self-check's work, shared by the pages, the API, the reminders and the demo: who is asked, who follows
// up requests for help, this term's coverage, and completing a check (policy 4.1–4.3).

import Fluent
import Foundation
import StewardCore
import Vapor

enum SelfChecks {
    /// The obligation's name in `obligation_reminders` and the audit log.
    static let obligation = "self-check"

    /// The active people of `schoolID` who complete the check: everyone holding a staff role there (employees and
    /// volunteers; governors and trust administrators as such are not asked).
    static func staff(of schoolID: UUID, on db: any Database) async throws -> [UUID: Person] {
        try await ObligationReminders.people(of: schoolID, holding: DeclarationRules.declarers, on: db)
    }

    /// Who follows up requests for help: the online-safety lead the headteacher named (while active here), else the
    /// designated safeguarding lead(s), else the headteacher(s).
    static func leads(of schoolID: UUID, settings: SelfCheckSettings, on db: any Database) async throws -> [Person] {
        if let named = settings.leadID,
            let person = try await Person.query(on: db).inSchool(schoolID).filter(\.$id == named)
                .filter(\.$active == true).first()
        {
            return [person]
        }
        for role in [Role.safeguardingLead, .headteacher] {
            let holders = try await RoleAssignment.query(on: db).heldIn(schoolID).filter(\.$role == role).all()
                .map(\.$person.id)
            let people = try await Person.query(on: db).inSchool(schoolID).filter(\.$id ~~ Set(holders))
                .filter(\.$active == true).sort(\.$surname).sort(\.$forename).all()
            if !people.isEmpty { return people }
        }
        return []
    }

    /// Whether `actor` follows up the requests for help of `schoolID`: its current leads and its headteacher; nobody
    /// else, whatever their role. The leads are read only for someone who could be one (the named lead, or a
    /// safeguarding lead of the school): for anyone else the answer is no without asking.
    static func mayFollowUp(
        _ actor: Actor, schoolID: UUID, settings: SelfCheckSettings, on db: any Database
    ) async throws -> Bool {
        guard let roles = actor.rolesBySchool[schoolID] else { return false }
        if roles.contains(.headteacher) { return true }
        guard settings.leadID == actor.personID || roles.contains(.safeguardingLead) else { return false }
        return try await leads(of: schoolID, settings: settings, on: db).contains { $0.id == actor.personID }
    }

    /// This term's round on `today` and who stands where in it.
    static func coverage(
        of schoolID: UUID, settings: SelfCheckSettings, today: CalendarDate, on db: any Database
    ) async throws -> (round: ObligationRound?, coverage: ObligationCoverage, people: [UUID: Person]) {
        let people = try await staff(of: schoolID, on: db)
        let round = settings.round(on: today)
        var met: [UUID: Set<Int>] = [:]
        if let round {
            let checks = try await SelfCheck.query(on: db).inSchool(schoolID).filter(\.$round == round.number).all()
            for check in checks { met[check.personID, default: []].insert(check.round) }
        }
        let coverage = ObligationReminders.coverage(round: round, people: people, met: met, today: today)
        return (round, coverage, people)
    }

    /// Records a completed check for `person`, opens a request for help routed to the lead when any answer asks for
    /// it, and mails the lead a link only; inside the caller's write.
    @discardableResult
    static func record(
        _ valid: SelfCheckForm.Valid, person: Person, schoolID: UUID, link: String, on db: any Database,
        audit: AuditWriter, now: Date = Date()
    ) async throws -> SelfCheck {
        let personID = try person.requireID()
        let check = SelfCheck(
            schoolID: schoolID, personID: personID, round: valid.round, termName: valid.termName,
            platforms: valid.platforms, answers: valid.answers, contacted: valid.contacted, note: valid.note, at: now)
        try await check.create(on: db)
        let checkID = try check.requireID()
        try await audit.append(
            "self_check.completed", target: "self_check:\(checkID.uuidString)", schoolID: schoolID,
            // Not what was answered: the audit log is read by people who may not see the check itself.
            details: ["round": String(valid.round)])
        let help = valid.answers.filter { $0.answer == .help }
        guard !help.isEmpty else { return check }
        let settings = try await SelfCheckSettings.of(schoolID, on: db)
        let leads = try await leads(of: schoolID, settings: settings, on: db)
        guard let lead = leads.first, let leadID = lead.id else {
            // A school with no lead, safeguarding lead or headteacher: the check stands, and the log says so.
            try await audit.append(
                "self_check.help_unrouted", target: "self_check:\(checkID.uuidString)", schoolID: schoolID)
            return check
        }
        let task = SelfCheckHelp(
            schoolID: schoolID, checkID: checkID, personID: personID, leadID: leadID, items: help, at: now)
        try await task.create(on: db)
        for recipient in leads {
            try await Outbox.enqueue(
                on: db, schoolID: schoolID, kind: "self_check_help", to: recipient.email,
                subject: "A colleague asked for help with their privacy settings",
                body: """
                    Hello \(recipient.forename),

                    A colleague asked for help with their privacy settings. Please follow it up and close it in \
                    Steward when it is done:
                    \(link)

                    Steward
                    """, now: now)
        }
        try await audit.append(
            "self_check.help_requested", target: "self_check_help:\(try task.requireID().uuidString)",
            schoolID: schoolID, details: ["lead": leadID.uuidString])
        return check
    }
}
