// The people list: everyone of the school, filtered, with their roles.

import Fluent
import StewardCore
import Vapor

extension PeopleController {
    // MARK: - Pages

    func index(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let show =
            ["active", "inactive", "all"].contains(req.query[String.self, at: "show"] ?? "")
            ? (req.query[String.self, at: "show"] ?? "active") : "active"
        let search = String((req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        var query = Person.query(on: req.db).inSchool(of: actor)
        if show == "active" { query = query.filter(\.$active == true) }
        if show == "inactive" { query = query.filter(\.$active == false) }
        let people = try await query.sort(\.$surname).sort(\.$forename).all()
        let needle = search.lowercased()
        let matching =
            needle.isEmpty
            ? people
            : people.filter { "\($0.fullName) \($0.email) \($0.jobTitle)".lowercased().contains(needle) }
        let ids = matching.compactMap(\.id)
        let assignments = try await RoleAssignment.query(on: req.db).filter(\.$person.$id ~~ ids)
            .countingIn(actor.schoolID).all()
        let rolesByPerson = Dictionary(grouping: assignments, by: { $0.$person.id })
        let rows = matching.map { person in
            PersonRow(
                id: person.id?.uuidString ?? "", name: "\(person.surname), \(person.forename)", email: person.email,
                kind: person.kind.title, jobTitle: person.jobTitle,
                roles: (rolesByPerson[person.id ?? UUID()] ?? []).map(\.role).sorted().map(\.title)
                    .joined(separator: ", "), active: person.active)
        }
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "added": "The person has been added."
            default: nil
            }
        return try await req.page(
            "people/index", title: "People",
            IndexContent(
                people: rows, show: show, query: search,
                canManage: AccessPolicy.can(actor, .managePeople) == .allowed,
                canExport: AccessPolicy.can(actor, .exportPeople) == .allowed, total: rows.count), notice: notice)
    }

}
