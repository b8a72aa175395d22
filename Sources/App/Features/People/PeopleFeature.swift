// The people of a school: the list, each person's page, the staff import and export, roles and access.

import Fluent
import StewardCore
import Vapor

struct PeopleFeature: Feature {
    let name = "people"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: PeopleImportController())
        try pages.register(collection: PeopleExportController())
        try pages.register(collection: PeopleController())
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(title: "People", path: PeoplePaths.list(), action: .viewPeople, order: 30)]
    }

    var personalData: [PersonalData] {
        [
            PersonalData(title: "Their record", table: "people", column: "id") { id, viewer, db in
                try await Person.query(on: db).filter(\.$id == id).inSchools(viewer.schoolIDs)
                    .all().map {
                        [
                            "name": $0.fullName, "email": $0.email, "kind": $0.kind.rawValue, "jobTitle": $0.jobTitle,
                            "startDate": $0.startDate ?? "", "leavingDate": $0.leavingDate ?? "",
                            "active": $0.active ? "yes" : "no", "twoFactor": $0.hasTwoFactor ? "yes" : "no",
                        ]
                    }
            },
            PersonalData(
                title: "People they line-manage", table: "people", column: "line_manager_id",
                handling: .review("other members of staff")
            ) {
                id, viewer, db in
                try await Person.query(on: db).filter(\.$lineManager.$id == id)
                    .inSchools(viewer.schoolIDs).sort(\.$surname).all().map {
                        ["name": $0.fullName]
                    }
            },
            PersonalData(title: "Their roles", table: "role_assignments", column: "person_id") { id, _, db in
                try await RoleAssignment.query(on: db).filter(\.$person.$id == id).all().map { ["role": $0.role.title] }
            },
        ]
    }

    var retention: [RetentionRule] {
        [
            RetentionRule(
                key: "people", records: "People and their roles", period: nil,
                after: "kept after they leave (deactivated, not deleted) until the school sets a period", purge: nil)
        ]
    }
}
