// Builds the actor for a person: their roles in each school they may reach.

import Fluent
import StewardCore
import Vapor

/// Builds the actor for a person: their roles in each school they may reach.
enum ActorLoader {
    static func load(person: Person, currentSchoolID: UUID?, on db: any Database) async throws -> Actor {
        guard let personID = person.id else { throw Abort(.internalServerError) }
        let assignments = try await RoleAssignment.query(on: db).filter(\.$person.$id == personID).all()
        var rolesBySchool: [UUID: Set<Role>] = [person.$school.id: []]
        var trustWide = Set<Role>()
        for assignment in assignments {
            if let schoolID = assignment.$school.id {
                rolesBySchool[schoolID, default: []].insert(assignment.role)
            } else {
                trustWide.insert(assignment.role)
            }
        }
        if !trustWide.isEmpty {
            let trustSchools = try await School.query(on: db).filter(\.$trust.$id == person.trustID).all()
            for school in trustSchools {
                guard let id = school.id else { continue }
                rolesBySchool[id, default: []].formUnion(trustWide)
            }
        }
        let current = currentSchoolID.flatMap { rolesBySchool[$0] != nil ? $0 : nil } ?? person.$school.id
        return Actor(personID: personID, schoolID: current, rolesBySchool: rolesBySchool)
    }
}
