// The published governors' reports a case's "governors informed" step may name (policy 5.4, issue 16 item 5).

import Fluent
import Foundation
import StewardCore

enum PublishedReports {
    /// Each published report of `schoolID`, newest first, named as a handler would say it: "Autumn 2026 (version 2,
    /// published 12 December 2026)".
    static func names(of schoolID: UUID, on db: any Database) async throws -> [(id: UUID, name: String)] {
        try await GovernorsReport.query(on: db).inSchool(schoolID).filter(\.$state == .published)
            .sort(\.$publishedAt, .descending).all().compactMap { report in
                guard let id = report.id else { return nil }
                let published = report.publishedAt.map { ", published \(Display.clock.date(of: $0).longForm)" } ?? ""
                return (id, "\(report.title) (version \(report.version)\(published))")
            }
    }
}
