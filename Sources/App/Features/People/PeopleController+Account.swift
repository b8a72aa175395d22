// A person's access: deactivating, reactivating, and mailing a link to set a password.

import Fluent
import StewardCore
import Vapor

extension PeopleController {
    func deactivate(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let (person, _) = try await Self.manageablePerson(req)
        let personID = try person.requireID()
        if personID == actor.personID {
            throw Abort(.badRequest, reason: "You cannot deactivate your own account.")
        }
        if person.active {
            try await req.write { db, audit in
                try await PersonLifecycle.deactivate(
                    person, reason: "deactivated by \(req.currentPerson?.fullName ?? "an administrator")", on: db,
                    audit: audit)
            }
        }
        return req.redirect(to: PeoplePaths.show(personID) + "?done=deactivated", redirectType: .normal)
    }

    /// Mails the person a single-use link to set their password: how a new starter gets into Steward.
    func sendPasswordLink(req: Request) async throws -> Response {
        let (person, _) = try await Self.manageablePerson(req)
        let personID = try person.requireID()
        guard person.active else {
            throw Abort(.badRequest, reason: "\(person.fullName) is deactivated. Reactivate them first.")
        }
        let store = try await PasswordResets.prepareLink(for: person, req: req, byAdministrator: true)
        try await req.write { db, audit in try await store(db, audit) }
        return req.redirect(to: PeoplePaths.show(personID) + "?done=link-sent", redirectType: .normal)
    }

    /// Turns off someone's two-factor sign-in when they have lost their phone and their recovery codes: their
    /// authenticator and codes go, they are signed out everywhere, and at their next sign-in they set it up again (a
    /// role that needs it asks at once). Told by mail, audited; never one's own (that is the account page's).
    func resetTwoFactor(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let (person, _) = try await Self.manageablePerson(req)
        let personID = try person.requireID()
        guard personID != actor.personID else {
            throw Abort(.badRequest, reason: "Change your own two-factor sign-in on your account page.")
        }
        guard person.hasTwoFactor else {
            return req.redirect(to: PeoplePaths.show(personID), redirectType: .normal)
        }
        let (schoolID, email, forename) = (person.$school.id, person.email, person.forename)
        let by = req.currentPerson?.fullName ?? "an administrator"
        try await req.write { db, audit in
            person.totpSecret = nil
            try await person.update(on: db)
            try await RecoveryCode.query(on: db).filter(\.$person.$id == personID).delete()
            try await BrowserSession.query(on: db).filter(\.$person.$id == personID).delete()
            try await Outbox.enqueue(
                on: db, schoolID: schoolID, kind: "account_security", to: email,
                subject: "Your Steward two-factor sign-in was reset",
                body: "Hello \(forename),\n\n\(by) reset your two-factor sign-in, as asked when a phone is lost. Next "
                    + "time you sign in, set it up again with your authenticator app, and save the new recovery codes."
                    + "\n\nIf you did not ask for this, tell your headteacher or trust administrator today.\n\nSteward")
            try await audit.append(
                "two_factor.reset_by_administrator", target: "person:\(personID.uuidString)", schoolID: schoolID)
        }
        return req.redirect(to: PeoplePaths.show(personID) + "?done=two-factor-reset", redirectType: .normal)
    }

    func reactivate(req: Request) async throws -> Response {
        let (person, _) = try await Self.manageablePerson(req)
        let personID = try person.requireID()
        if !person.active {
            try await req.write { db, audit in
                person.active = true
                person.deactivatedAt = nil
                try await person.update(on: db)
                try await Features.tell(.staff(schoolID: person.$school.id), on: db, audit: audit)
                try await audit.append(
                    "person.reactivated", target: "person:\(personID.uuidString)", schoolID: person.$school.id)
            }
        }
        return req.redirect(to: PeoplePaths.show(personID) + "?done=reactivated", redirectType: .normal)
    }
}
