// The pupil roster and its consents (policy 4.4, 4.7): who may be named or photographed on the school's accounts.

import Fluent
import StewardCore
import Vapor

struct PupilsFeature: Feature {
    let name = "pupils"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: RosterImportController())
        try pages.register(collection: RosterExportController())
        try pages.register(collection: RosterController())
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(title: "Pupils", path: PupilPaths.list(), action: .viewRoster, order: 40)]
    }

    func seedDemo(_ school: DemoSchool, on db: any Database, audit: AuditWriter) async throws {
        try await PupilsDemo.seed(school, on: db)
    }

    var retention: [RetentionRule] {
        [
            RetentionRule(
                key: "pupils", records: "The pupil roster and consents", period: nil,
                after: "replaced by each full roster import; a pupil left off a full import is removed", purge: nil)
        ]
    }
}
