// One person's page: their details, roles, access and policy status.

import Fluent
import StewardCore
import Vapor

extension PeopleController {
    func show(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let person = try await Self.person(req, action: .viewPeople)
        let personID = try person.requireID()
        let manager = try await person.$lineManager.get(on: req.db)
        let roles = try await RoleAssignment.roles(of: personID, in: person.$school.id, on: req.db)
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "saved": "Changes saved."
            case "deactivated": "\(person.fullName) has been deactivated and signed out everywhere."
            case "reactivated": "\(person.fullName) has been reactivated."
            case "two-factor-reset":
                "\(person.fullName)'s two-factor sign-in has been reset: they set it up again at their next sign-in."
            case "sign-in-link-removed":
                "\(person.fullName)'s link to the school's account has been removed: their next sign-in with it links "
                    + "again by email address."
            case "link-sent":
                "A link to set a password has been sent to \(person.email). It works once, for seven days."
            default: nil
            }
        let signInLink = try await SchoolSignIn.linkSummary(personID: personID, on: req.db)
        let content = ShowContent(
            id: personID.uuidString, name: person.fullName, email: person.email, kind: person.kind.title,
            jobTitle: person.jobTitle, lineManager: manager?.fullName,
            startDate: person.startDate.flatMap(CalendarDate.init(parsing:))?.longForm,
            leavingDate: person.leavingDate.flatMap(CalendarDate.init(parsing:))?.longForm,
            roles: roles.sorted().map(\.title), active: person.active, canSignIn: person.passwordHash != nil,
            twoFactor: person.hasTwoFactor,
            canManage: AccessPolicy.can(actor, .managePeople, .schoolRecord(schoolID: person.$school.id)) == .allowed
                && RoleGrants.mayManageAccount(
                    holding: roles, grantorRoles: actor.rolesBySchool[person.$school.id] ?? []),
            isSelf: personID == actor.personID, signInLink: signInLink)
        return try await req.page("people/show", title: person.fullName, content, notice: notice)
    }

}
