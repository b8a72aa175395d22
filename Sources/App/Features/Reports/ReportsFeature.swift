// The governors' termly report (policy 3, 5.4): one document for the board, its figures from every feature, never a
// name, and published versions that never change.

import Fluent
import Foundation
import StewardCore
import Vapor

struct ReportsFeature: Feature {
    let name = "reports"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: ReportController())
        try api.register(collection: ReportAPIController())
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

    /// A published report of the last 30 days, so that a governor of the demo school has one to read.
    func seedDemo(_ school: DemoSchool, on db: any Database, audit: AuditWriter) async throws {
        guard let head = try await Person.find(school.person("headteacher"), on: db),
            let record = try await School.find(school.schoolID, on: db)
        else { return }
        let today = Display.today
        let report = GovernorsReport(
            schoolID: school.schoolID, title: "The last 30 days", from: today.adding(days: -30), to: today,
            preparedBy: head)
        report.narrativeList = [
            "concerns": "Every concern was looked at within a working day. Support was offered to each member of staff "
                + "harmed online."
        ]
        let scope = ReportScope(
            schoolID: school.schoolID, from: report.from, to: report.to, today: today,
            clock: record.clock)
        let document = PublishedReport(
            school: record.name, title: report.title, from: report.periodFrom, to: report.periodTo, version: 1,
            preparedBy: head.fullName, publishedOn: today.longForm, corrects: nil,
            content: try await Features.report(scope, on: db), narratives: report.narrativeList)
        report.content = String(decoding: try document.canonicalJSON(), as: UTF8.self)
        report.contentHash = ReportContent.hash(Data(report.content.utf8))
        report.state = .published
        report.publishedAt = Date()
        try await report.create(on: db)
        try await audit.append(
            "report.published", target: "report:\(try report.requireID().uuidString)", schoolID: school.schoolID,
            details: ["version": "1", "sha256": report.contentHash])
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(title: "Reports", path: ReportPaths.list(), action: .viewReports, order: 70)]
    }
}
