// The people of a school as a spreadsheet, in the columns the staff import reads back.

import Fluent
import StewardCore
import Vapor

struct PeopleExportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, PeoplePaths.export, action: .exportPeople, use: people)
    }

    /// Everyone of the current school, active or not, in the staff import's columns plus roles and status.
    func people(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let people = try await Person.query(on: req.db).inSchool(of: actor)
            .sort(\.$surname).sort(\.$forename).all()
        let emails = Dictionary(uniqueKeysWithValues: people.compactMap { p in p.id.map { ($0, p.email) } })
        let assignments = try await RoleAssignment.query(on: req.db).filter(\.$person.$id ~~ people.compactMap(\.id))
            .heldIn(actor.schoolID).all()
        let roles = Dictionary(grouping: assignments, by: { $0.$person.id })
        var writer = CSVWriter(header: [
            "Forename", "Surname", "Email", "Staff Type", "Job Title", "Start Date", "Leaving Date",
            "Line Manager Email", "Roles", "Active",
        ])
        for person in people {
            writer.append([
                person.forename, person.surname, person.email, person.kind.rawValue, person.jobTitle,
                person.startDate ?? "", person.leavingDate ?? "",
                person.$lineManager.id.flatMap { emails[$0] } ?? "",
                (roles[person.id ?? UUID()] ?? []).map(\.role.title).sorted().joined(separator: "; "),
                person.active ? "yes" : "no",
            ])
        }
        try await req.write { _, audit in
            try await audit.append("people.exported", details: ["rows": String(people.count)])
        }
        return CSVDownload.response(writer, filename: "people-\(CSVDownload.today()).csv")
    }
}
