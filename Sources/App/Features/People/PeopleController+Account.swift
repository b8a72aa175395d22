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
