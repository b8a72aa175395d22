// Naming and removing an account's administrators, and closing a handover once the password has changed.

import Fluent
import StewardCore
import Vapor

extension OfficialAccountController {
    struct AdministratorForm: Content { var person: String? }

    func addAdministrator(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let account = try await Self.account(req, for: .manageAccounts)
        let accountID = try account.requireID()
        let form = try req.content.decode(AdministratorForm.self)
        if account.retiredAt != nil {
            return try await showPage(
                req, account: account,
                errors: [FieldError("person", "This account is retired: it has no administrators.")])
        }
        guard let raw = form.person, let personID = UUID(uuidString: raw),
            let person = try await Person.query(on: req.db).inSchool(account.schoolID).filter(\.$id == personID)
                .filter(\.$active == true).first()
        else {
            return try await showPage(
                req, account: account, errors: [FieldError("person", "Choose who runs the account.")])
        }
        let roles = try await RoleAssignment.roles(of: personID, in: account.schoolID, on: req.db)
        guard roles.contains(.socialMediaAdmin) else {
            return try await showPage(
                req, account: account,
                errors: [
                    FieldError(
                        "person",
                        "\(person.fullName) is not a social media administrator. Give them the role first, on their page under People."
                    )
                ])
        }
        let exists = try await AccountAdministrator.query(on: req.db).filter(\.$accountID == accountID)
            .filter(\.$personID == personID).first()
        if exists == nil {
            try await req.write { db, audit in
                try await AccountAdministrator(
                    schoolID: account.schoolID, accountID: accountID, personID: personID, addedBy: actor.personID
                ).create(on: db)
                try await audit.append(
                    "account.administrator_added", target: "account:\(accountID.uuidString)",
                    schoolID: account.schoolID, details: ["person": personID.uuidString])
            }
        }
        return req.redirect(to: OfficialAccountPaths.show(accountID) + "?done=added", redirectType: .normal)
    }

    func removeAdministrator(req: Request) async throws -> Response {
        let account = try await Self.account(req, for: .manageAccounts)
        let accountID = try account.requireID()
        guard let personID = req.parameters.get("personID", as: UUID.self),
            let held = try await AccountAdministrator.query(on: req.db).filter(\.$accountID == accountID)
                .filter(\.$personID == personID).first()
        else { throw Abort(.notFound) }
        try await req.write { db, audit in
            try await AccountHandovers.end(
                [held], reason: "taken off the account by the headteacher", on: db, audit: audit)
        }
        return req.redirect(to: OfficialAccountPaths.show(accountID) + "?done=removed", redirectType: .normal)
    }

    struct HandoverForm: Content { var note: String? }

    func handoverDone(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let handover = try await req.record(AccountHandover.self, "handoverID", for: .manageAccounts)
        let form = try req.content.decode(HandoverForm.self)
        let note: String
        switch TextRules.line(form.note, field: "note", label: "A note", required: false, maxLength: 500) {
        case .success(let value): note = value
        case .failure(let error): throw Abort(.badRequest, reason: error.message)
        }
        if handover.doneAt == nil {
            try await req.write { db, audit in
                handover.doneAt = Date()
                handover.doneBy = actor.personID
                handover.doneNote = note.isEmpty ? nil : note
                try await handover.update(on: db)
                try await audit.append(
                    "account.handover_done", target: "account:\(handover.accountID.uuidString)",
                    schoolID: handover.schoolID,
                    details: ["person": handover.personID.uuidString, "note": note])
            }
        }
        return req.redirect(to: OfficialAccountPaths.list() + "?done=handover", redirectType: .normal)
    }
}
