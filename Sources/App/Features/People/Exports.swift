// Spreadsheet downloads of the people and the pupil roster: formula-safe, in the columns the importers read back.

import Fluent
import StewardCore
import Vapor

struct ExportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "people", "export.csv", action: .exportPeople, use: people)
        routes.on(.GET, "pupils", "export.csv", action: .exportRoster, use: pupils)
    }

    static func csvResponse(_ writer: CSVWriter, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.add(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return Response(status: .ok, headers: headers, body: .init(string: writer.text))
    }

    static func today() -> String { CalendarDate(Date()).description }

    /// Everyone of the current school, active or not, in the staff import's columns plus roles and status.
    func people(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let people = try await Person.query(on: req.db).filter(\.$school.$id == actor.schoolID)
            .sort(\.$surname).sort(\.$forename).all()
        let emails = Dictionary(uniqueKeysWithValues: people.compactMap { p in p.id.map { ($0, p.email) } })
        let assignments = try await RoleAssignment.query(on: req.db).filter(\.$person.$id ~~ people.compactMap(\.id))
            .filter(\.$school.$id == actor.schoolID).all()
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
        return Self.csvResponse(writer, filename: "people-\(Self.today()).csv")
    }

    /// The roster of the current school with its consents, in the roster import's columns.
    func pupils(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let pupils = try await RosterPupil.query(on: req.db).filter(\.$school.$id == actor.schoolID)
            .sort(\.$legalSurname).sort(\.$legalForename).all()
        var writer = CSVWriter(header: [
            "UPN", "Legal Forename", "Preferred Forename", "Legal Surname", "Year Group", "Class", "Date of Birth",
            "Photo In School", "Photo On Website", "Photo On Social Media", "Name On Social Media",
        ])
        func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }
        for pupil in pupils {
            writer.append([
                pupil.upn ?? "", pupil.legalForename, pupil.preferredForename ?? "", pupil.legalSurname,
                pupil.yearGroup ?? "", pupil.className ?? "", pupil.dateOfBirth ?? "", yesNo(pupil.photoInSchool),
                yesNo(pupil.photoOnWebsite), yesNo(pupil.photoOnSocialMedia), yesNo(pupil.nameOnSocialMedia),
            ])
        }
        // Children's details leaving Steward: recorded like every look at the roster.
        try await req.write { _, audit in
            try await audit.append("roster.exported", details: ["rows": String(pupils.count)])
        }
        return Self.csvResponse(writer, filename: "pupils-\(Self.today()).csv")
    }
}
