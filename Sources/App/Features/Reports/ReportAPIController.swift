// The governors' reports over the JSON API: the list a person may see, and one report's figures as published
// (frozen) or, for the headteacher's draft, as counted now. Every reading of one is audited.

import Fluent
import StewardCore
import Vapor

struct ReportAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, ReportPaths.apiList, action: .viewReports, use: list)
        routes.on(.GET, ReportPaths.apiShow, action: .viewReports, use: show)
    }

    struct Summary: Content {
        var id: UUID
        /// The school the report is about (a trust administrator's list has every school's).
        var schoolID: UUID
        var title: String
        var from: String
        var to: String
        var version: Int
        var state: String
        var publishedAt: Date?
        var sha256: String?
    }

    struct Detail: Content {
        var id: UUID
        var state: String
        /// The SHA-256 of the published report's canonical JSON; absent for a draft.
        var sha256: String?
        var report: PublishedReport
    }

    static func summary(_ report: GovernorsReport) throws -> Summary {
        Summary(
            id: try report.requireID(), schoolID: report.schoolID, title: report.title, from: report.periodFrom,
            to: report.periodTo,
            version: report.version, state: report.state.rawValue, publishedAt: report.publishedAt,
            sha256: report.state == .published ? report.contentHash : nil)
    }

    /// The school's reports, latest first: published ones, and drafts too for whoever drafts them; a trust
    /// administrator's list has the published reports of every school of the trust.
    func list(req: Request) async throws -> [Summary] {
        let (actor, _) = try req.requireActor()
        // As the list page: drafts of the school they work in for whoever drafts there; published reports of every
        // school a trust administrator reaches.
        let drafts =
            AccessPolicy.can(actor, .draftReports) == .allowed
            ? try await GovernorsReport.query(on: req.db).inSchool(of: actor).filter(\.$state == .draft).all() : []
        let schoolIDs =
            AccessPolicy.can(actor, .viewTrustReport) == .allowed
            ? actor.schools(where: [.trustAdmin]) : [actor.schoolID]
        let published = try await GovernorsReport.query(on: req.db).inSchools(schoolIDs)
            .filter(\.$state == .published).all()
        return try (drafts + published).sorted { ($0.periodTo, $0.version) > ($1.periodTo, $1.version) }.map(
            Self.summary)
    }

    func show(req: Request) async throws -> Detail {
        let report = try await ReportController.report(req, for: .viewReports)
        let document = try await ReportController.published(report, req)
        try await req.write { _, audit in
            try await audit.append(
                "report.read", target: "report:\(try report.requireID().uuidString)", schoolID: report.schoolID,
                details: ["version": String(report.version), "via": "api"])
        }
        return Detail(
            id: try report.requireID(), state: report.state.rawValue,
            sha256: report.state == .published ? report.contentHash : nil, report: document)
    }
}
