// Builds the actor for a person: their roles in each school they may reach.

import Fluent
import StewardCore
import Vapor

/// Builds the actor for a person: their roles in each school they may reach.
enum ActorLoader {
    /// One role a person holds: in one school, or across the trust when `schoolID` is nil.
    struct Holding: Sendable, Hashable {
        var role: Role
        var schoolID: UUID?
    }

    static func load(person: Person, currentSchoolID: UUID?, on db: any Database) async throws -> Actor {
        guard let personID = person.id else { throw Abort(.internalServerError) }
        let holdings = try await RoleAssignment.query(on: db).filter(\.$person.$id == personID).all()
            .map { Holding(role: $0.role, schoolID: $0.$school.id) }
        var trustSchools: [UUID] = []
        if holdings.contains(where: { $0.schoolID == nil }) {
            trustSchools = try await School.query(on: db).filter(\.$trust.$id == person.trustID).all().compactMap(\.id)
        }
        return try actor(
            person: person, currentSchoolID: currentSchoolID, holdings: holdings, trustSchools: trustSchools)
    }

    /// The actor from what has already been read: the person's roles, and the schools of their trust (needed only
    /// when a role is held across the trust). The current school is `currentSchoolID` when the person may reach it,
    /// else their own.
    static func actor(
        person: Person, currentSchoolID: UUID?, holdings: some Sequence<Holding>, trustSchools: some Sequence<UUID>
    ) throws -> Actor {
        guard let personID = person.id else { throw Abort(.internalServerError) }
        var rolesBySchool: [UUID: Set<Role>] = [person.$school.id: []]
        var trustWide = Set<Role>()
        for holding in holdings {
            if let schoolID = holding.schoolID {
                rolesBySchool[schoolID, default: []].insert(holding.role)
            } else {
                trustWide.insert(holding.role)
            }
        }
        if !trustWide.isEmpty {
            for school in trustSchools { rolesBySchool[school, default: []].formUnion(trustWide) }
        }
        let current = currentSchoolID.flatMap { rolesBySchool[$0] != nil ? $0 : nil } ?? person.$school.id
        return Actor(personID: personID, schoolID: current, rolesBySchool: rolesBySchool)
    }
}
