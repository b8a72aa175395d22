// The JSON API, version 1: bearer tokens, the caller's school(s) only, errors as JSON.

import Fluent
import StewardCore
import Vapor

struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, APIPaths.me, action: .viewOwnAccount, use: me)
        routes.on(.GET, APIPaths.people, action: .viewPeople, use: people)
        routes.on(.GET, APIPaths.person, action: .viewPeople, use: person)
    }

    struct SchoolRoles: Content {
        var id: UUID
        var slug: String
        var name: String
        var roles: [String]
    }

    struct PersonJSON: Content {
        var id: UUID
        var school: UUID
        var email: String
        var forename: String
        var surname: String
        var kind: String
        var jobTitle: String
        var lineManager: UUID?
        var startDate: String?
        var leavingDate: String?
        var active: Bool
        var roles: [String]

        init(_ person: Person, roles: [Role]) throws {
            id = try person.requireID()
            school = person.$school.id
            email = person.email
            forename = person.forename
            surname = person.surname
            kind = person.kind.rawValue
            jobTitle = person.jobTitle
            lineManager = person.$lineManager.id
            startDate = person.startDate
            leavingDate = person.leavingDate
            active = person.active
            self.roles = roles.sorted().map(\.rawValue)
        }
    }

    struct Me: Content {
        var person: PersonJSON
        var schools: [SchoolRoles]
    }

    func me(req: Request) async throws -> Me {
        let (actor, person) = try req.requireActor()
        let schools = try await School.query(on: req.db).filter(\.$id ~~ Array(actor.schoolIDs)).sort(\.$name).all()
        return Me(
            person: try PersonJSON(person, roles: Array(actor.roles)),
            schools: try schools.map {
                let id = try $0.requireID()
                return SchoolRoles(
                    id: id, slug: $0.slug, name: $0.name,
                    roles: (actor.rolesBySchool[id] ?? []).sorted().map(\.rawValue))
            })
    }

    struct PeoplePage: Content {
        var people: [PersonJSON]
        var count: Int
    }

    /// People of every school where the caller may see people; `?school=slug` narrows to one.
    func people(req: Request) async throws -> PeoplePage {
        let (actor, _) = try req.requireActor()
        var schools = actor.schools(where: AccessPolicy.roles(for: .viewPeople))
        if let slug = req.query[String.self, at: "school"] {
            let school = try await School.query(on: req.db).filter(\.$slug == slug).first()
            guard let id = school?.id, schools.contains(id) else { throw Abort(.notFound, reason: "No such school.") }
            schools = [id]
        }
        let people = try await Person.query(on: req.db).inSchools(schools)
            .sort(\.$surname).sort(\.$forename).all()
        let assignments = try await RoleAssignment.query(on: req.db).filter(\.$person.$id ~~ people.compactMap(\.id))
            .all()
        let byPerson = Dictionary(grouping: assignments, by: { $0.$person.id })
        let list = try people.map { person in
            try PersonJSON(
                person,
                roles: (byPerson[person.id ?? UUID()] ?? []).filter {
                    $0.$school.id == nil || $0.$school.id == person.$school.id
                }
                .map(\.role))
        }
        // A list of people leaving through the API is recorded like the spreadsheet download (issue 10).
        let listed = schools.map(\.uuidString).sorted().joined(separator: ",")
        try await req.write { _, audit in
            try await audit.append(
                "people.listed", target: nil, details: ["via": "api", "count": String(list.count), "schools": listed])
        }
        return PeoplePage(people: list, count: list.count)
    }

    func person(req: Request) async throws -> PersonJSON {
        guard req.parameters.get("personID", as: UUID.self) != nil else {
            throw Abort(.notFound, reason: "No person has that id.")
        }
        let person = try await req.record(Person.self, "personID", for: .viewPeople)
        let roles = try await RoleAssignment.roles(of: try person.requireID(), in: person.$school.id, on: req.db)
        return try PersonJSON(person, roles: Array(roles))
    }
}
