// People of a school: the list, one person's page, adding, editing, deactivating and reactivating.

import Fluent
import StewardCore
import Vapor

struct PeopleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, PeoplePaths.list, action: .viewPeople, use: index)
        routes.on(.GET, PeoplePaths.new, action: .managePeople, use: newForm)
        routes.on(.POST, PeoplePaths.list, action: .managePeople, use: create)
        routes.on(.GET, PeoplePaths.show, action: .viewPeople, use: show)
        routes.on(.GET, PeoplePaths.edit, action: .managePeople, use: editForm)
        routes.on(.POST, PeoplePaths.show, action: .managePeople, use: update)
        routes.on(.POST, PeoplePaths.deactivate, action: .managePeople, use: deactivate)
        routes.on(.POST, PeoplePaths.reactivate, action: .managePeople, use: reactivate)
        routes.on(.POST, PeoplePaths.passwordLink, action: .managePeople, use: sendPasswordLink)
        routes.on(.POST, PeoplePaths.resetTwoFactor, action: .managePeople, use: resetTwoFactor)
    }

    // MARK: - Queries, scoped to a school

    /// Loads a person of a school the actor may reach for `action`; anything else is "not found".
    static func person(_ req: Request, action: Action) async throws -> Person {
        try await req.record(Person.self, "personID", for: action)
    }

    /// Loads a person whose account the actor may change: an account holding a role only the trust may change
    /// (headteacher, chair of governors, governor, trust administrator) is refused to a headteacher.
    static func manageablePerson(_ req: Request) async throws -> (Person, Set<Role>) {
        let person = try await person(req, action: .managePeople)
        let roles = try await RoleAssignment.roles(of: try person.requireID(), in: person.$school.id, on: req.db)
        let grantor = req.actor?.rolesBySchool[person.$school.id] ?? []
        guard RoleGrants.mayManageAccount(holding: roles, grantorRoles: grantor) else {
            let held = roles.subtracting(roles.filter { RoleGrants.mayChange($0, grantorRoles: grantor) })
            throw Abort(
                .forbidden,
                reason:
                    "\(person.fullName) is \(held.sorted().map(\.title).joined(separator: " and ").lowercased()): only a trust administrator can change their account."
            )
        }
        return (person, roles)
    }
}
