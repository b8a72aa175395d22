// Taking someone off every account they ran, at once, and asking the headteacher to close their way in (4.8).

import Fluent
import Foundation
import StewardCore
import Vapor

/// What happens to official accounts when someone who ran them leaves or loses the role.
enum AccountHandovers {
    static let noticeJob = "accounts.handover_notice"

    /// Takes `personID` off every account of `schoolID` they administer, opens a checklist item for each, and queues
    /// one notice to the headteachers; all in the caller's write.
    static func takeOff(
        personID: UUID, schoolID: UUID, reason: String, on db: any Database, audit: AuditWriter
    ) async throws {
        let held = try await AccountAdministrator.query(on: db).inSchool(schoolID).filter(\.$personID == personID)
            .all()
        guard !held.isEmpty else { return }
        try await end(held, reason: reason, on: db, audit: audit)
        struct Payload: Codable { var personID: UUID }
        let payload = String(decoding: try JSONEncoder().encode(Payload(personID: personID)), as: UTF8.self)
        try await Jobs.enqueue(on: db, kind: noticeJob, schoolID: schoolID, payload: payload)
    }

    /// Ends each of these administrations: the row goes, a handover opens (they may still hold the password), and
    /// the audit log says who came off which account and why. Every way off an account comes through here.
    static func end(
        _ administrators: [AccountAdministrator], reason: String, on db: any Database, audit: AuditWriter
    ) async throws {
        for administrator in administrators {
            try await administrator.delete(on: db)
            try await AccountHandover(
                schoolID: administrator.schoolID, accountID: administrator.accountID,
                personID: administrator.personID, reason: reason
            ).create(on: db)
            try await audit.append(
                "account.administrator_removed", target: "account:\(administrator.accountID.uuidString)",
                schoolID: administrator.schoolID,
                details: ["person": administrator.personID.uuidString, "reason": reason])
        }
    }

    /// Mails the school's headteachers a link to the accounts page: names the person and the accounts, never a
    /// password (Steward holds none).
    static let sendNotice: JobHandler = { job, app in
        struct Payload: Codable { var personID: UUID }
        guard let schoolID = job.$school.id,
            let payload = try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
        else { return }
        let db = app.db
        guard let school = try await School.find(schoolID, on: db),
            let person = try await Person.find(payload.personID, on: db)
        else { return }
        let open = try await AccountHandover.query(on: db).inSchool(schoolID)
            .filter(\.$personID == payload.personID).filter(\.$doneAt == nil).all()
        guard !open.isEmpty else { return }
        let accounts = try await OfficialAccount.query(on: db).inSchool(schoolID)
            .filter(\.$id ~~ Set(open.map(\.accountID))).all()
        let headteachers = try await RoleAssignment.query(on: db).filter(\.$role == .headteacher).heldIn(schoolID).all()
        let recipients = try await Person.query(on: db).filter(\.$id ~~ Set(headteachers.map(\.$person.id)))
            .filter(\.$active == true).all()
        let link = app.steward.config.baseURL.address(of: OfficialAccountPaths.list())
        let list = accounts.map { "- \($0.title)" }.sorted().joined(separator: "\n")
        for recipient in recipients {
            try await Outbox.enqueue(
                on: db, schoolID: schoolID, kind: "account_handover", to: recipient.email,
                subject: "Change the passwords of accounts \(person.fullName) ran",
                body: """
                    Hello \(recipient.forename),

                    \(person.fullName) is no longer an administrator of these official accounts of \(school.name):

                    \(list)

                    Please change each account's password, or remove their access on the platform, and tick it off \
                    in Steward when it is done (clause 4.8: only those with permission run the school's accounts):
                    \(link)

                    Steward
                    """)
        }
    }
}
