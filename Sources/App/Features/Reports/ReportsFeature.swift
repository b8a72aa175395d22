// The governors' termly report (policy 3, 5.4): one document for the board, its figures from every feature, never a
// name, and published versions that never change.

import Fluent
import StewardCore
import Vapor

struct ReportsFeature: Feature {
    let name = "reports"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: ReportController())
    }

    /// The reports a person prepared: their name is printed on each. Governors' reports hold no other names.
    var personalData: [PersonalData] {
        [
            PersonalData(
                title: "Reports for governors they prepared", table: "governors_reports", column: "prepared_by"
            ) {
                id, viewer, db in
                try await GovernorsReport.query(on: db).filter(\.$preparedBy == id).inSchools(viewer.schoolIDs)
                    .sort(\.$createdAt).all().map {
                        [
                            "report": $0.title, "version": String($0.version), "state": $0.state.rawValue,
                            "started": Display.time($0.createdAt),
                        ]
                    }
            }
        ]
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(title: "Reports", path: ReportPaths.list(), action: .viewReports, order: 70)]
    }
}
