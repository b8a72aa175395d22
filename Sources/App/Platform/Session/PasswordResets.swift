// Password links by mail: a reset someone asked for (one hour) or a set-password invitation from the school (a week).

import Fluent
import Foundation
import Vapor

enum PasswordResets {
    /// Makes a link for `person` and returns the write that stores it, queues its mail and audits it, for the caller
    /// to run in its transaction.
    static func prepareLink(
        for person: Person, req: Request, byAdministrator: Bool
    ) async throws
        -> @Sendable (any Database, AuditWriter) async throws -> Void
    {
        let personID = try person.requireID()
        let token = Secrets.token()
        let link =
            req.application.steward.config.baseURL.address(of: SessionPaths.resetPassword())
            + "?token=\(token)"
        let school = try await School.find(person.$school.id, on: req.db)
        let body = mailBody(
            forename: person.forename, schoolName: school?.name ?? "your school", link: link,
            byAdministrator: byAdministrator)
        let address = req.clientAddress
        let schoolID = person.$school.id
        let email = person.email
        return { db, audit in
            let reset = PasswordReset(
                personID: personID, tokenHash: Secrets.sha256(token), now: Date(), requestedFrom: address,
                lifetime: byAdministrator ? PasswordReset.invitationLifetime : PasswordReset.lifetime)
            try await reset.create(on: db)
            try await Outbox.enqueue(
                on: db, schoolID: schoolID, kind: "password_reset", to: email,
                subject: byAdministrator ? "Set your Steward password" : "Reset your Steward password", body: body)
            try await audit.append(
                byAdministrator ? "password_reset.sent_by_administrator" : "password_reset.requested",
                target: "person:\(personID.uuidString)", schoolID: schoolID)
        }
    }

    static func mailBody(forename: String, schoolName: String, link: String, byAdministrator: Bool) -> String {
        let opening =
            byAdministrator
            ? "Your school has sent you a link to set the password of your Steward account at \(schoolName)."
            : "Someone asked to reset the password of your Steward account at \(schoolName)."
        return """
            Hello \(forename),

            \(opening) To choose a new password, open this link within \(byAdministrator ? "seven days" : "one hour"):

            \(link)

            The link works once. If you did not expect it, you can ignore this message: your password has not changed.

            Steward
            """
    }
}
