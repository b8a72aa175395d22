// The pupil roster with its consents as a spreadsheet, in the columns the roster import reads back.

import Fluent
import StewardCore
import Vapor

struct RosterExportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, PupilPaths.export, action: .exportRoster, use: pupils)
    }

    /// The roster of the current school with its consents, in the roster import's columns.
    func pupils(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let pupils = try await RosterPupil.query(on: req.db).inSchool(of: actor)
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
        return CSVDownload.response(writer, filename: "pupils-\(CSVDownload.today()).csv")
    }
}
