// Reading a report: a draft's figures counted afresh, a published one's as frozen; each table as a spreadsheet.
// Every reading is audited.

import Fluent
import StewardCore
import Vapor

extension ReportController {
    struct TableView: Encodable, Sendable {
        var key: String
        var title: String
        var columns: [String]
        var rows: [[String]]
        /// The chart as SVG, every text in it escaped by `ReportChart`; empty for none.
        var chart: String
        var csv: String
    }

    struct SectionView: Encodable, Sendable {
        var key: String
        var title: String
        var clauses: String
        var purpose: String
        var narrative: String
        var tables: [TableView]
        var notes: [String]
    }

    /// A section of `content` as a page shows it, each table with its chart and the address of its CSV.
    static func sectionViews(
        _ content: ReportContent, narratives: [String: String] = [:], csv: (String) -> String
    ) -> [SectionView] {
        content.sections.map { section in
            SectionView(
                key: section.key, title: section.title, clauses: section.clauses, purpose: section.purpose,
                narrative: narratives[section.key] ?? "",
                tables: section.tables.map { table in
                    TableView(
                        key: table.key, title: table.title, columns: table.columns, rows: table.rows,
                        chart: table.chart?.svg(id: "chart-\(table.key)") ?? "", csv: csv(table.key))
                }, notes: section.notes)
        }
    }

    struct VersionLink: Encodable, Sendable {
        var id: String
        var version: Int
        var state: String
        var current: Bool
    }

    struct ShowContent: Encodable, Sendable {
        var id: String
        var school: String
        var title: String
        var period: String
        var version: Int
        var isDraft: Bool
        var canDraft: Bool
        var preparedBy: String
        var publishedOn: String
        var hash: String
        var sections: [SectionView]
        var fewerThanFive: Bool
        var withheld: Bool
        var versions: [VersionLink]
        var errors: FormErrors
        var errorSection: String
        var typed: String
    }

    /// What the report shows: its frozen content once published; for a draft, the figures counted now, as the person
    /// reading it may count them.
    static func published(_ report: GovernorsReport, _ req: Request) async throws -> PublishedReport {
        if report.state == .published {
            // Never counted again: what was published, checked against its fingerprint, or an error.
            guard ReportContent.hash(Data(report.content.utf8)) == report.contentHash,
                let frozen = try? JSONDecoder().decode(PublishedReport.self, from: Data(report.content.utf8))
            else {
                req.logger.critical("Published report \(report.id?.uuidString ?? "") does not match its fingerprint")
                throw Abort(
                    .internalServerError,
                    reason: "This published report cannot be shown: what is stored no longer matches its fingerprint.")
            }
            return frozen
        }
        let school = try await School.find(report.schoolID, on: req.db)
        let scope = ReportScope(
            schoolID: report.schoolID, from: report.from, to: report.to, today: Display.today,
            clock: Display.clock)
        return PublishedReport(
            school: school?.name ?? "", title: report.title, from: report.periodFrom, to: report.periodTo,
            version: report.version, preparedBy: report.preparedByName, publishedOn: "",
            corrects: report.version > 1 ? report.version - 1 : nil,
            content: try await Features.report(scope, on: req.db),
            narratives: report.narrativeList)
    }

    func show(req: Request) async throws -> Response {
        try await showPage(req, report: try await Self.report(req, for: .viewReports), errors: [])
    }

    func showPage(
        _ req: Request, report: GovernorsReport, errors: [FieldError], section: String = "", typed: String = ""
    ) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let id = try report.requireID()
        let document = try await Self.published(report, req)
        let canDraft = AccessPolicy.can(actor, .draftReports, .schoolRecord(schoolID: report.schoolID)) == .allowed
        var versions = try await GovernorsReport.query(on: req.db).inSchool(report.schoolID)
            .filter(\.$seriesID == report.seriesID).sort(\.$version).all()
        if !canDraft { versions = versions.filter { $0.state == .published } }
        // A reading is audited; the same page shown again to refuse what was typed changes nothing.
        if errors.isEmpty {
            try await req.write { _, audit in
                try await audit.append(
                    "report.read", target: "report:\(id.uuidString)", schoolID: report.schoolID,
                    details: ["version": String(report.version)])
            }
        }
        let sections = Self.sectionViews(document.content, narratives: document.narratives) {
            ReportPaths.table(id, $0)
        }
        let content = ShowContent(
            id: id.uuidString, school: document.school, title: report.title,
            period: "\(report.from.longForm) to \(report.to.longForm)", version: report.version,
            isDraft: report.state == .draft, canDraft: canDraft, preparedBy: document.preparedBy,
            publishedOn: document.publishedOn, hash: report.contentHash, sections: sections,
            fewerThanFive: document.content.fewerThanFiveAny, withheld: document.content.withheldAny,
            versions: versions.map {
                VersionLink(
                    id: $0.id?.uuidString ?? "", version: $0.version, state: $0.state == .draft ? "draft" : "published",
                    current: $0.id == report.id)
            }, errors: FormErrors(errors), errorSection: section, typed: typed)
        return try await req.page(
            "reports/show", title: "\(report.title): report for governors", content,
            status: errors.isEmpty ? .ok : .badRequest,
            notice: req.query[String.self, at: "done"].flatMap { Self.notices[$0] })
    }

    static let notices = [
        "saved": "Your words are saved.", "published": "Published. Governors can now read it.",
        "corrected": "A new version to correct it: change what needs changing and publish it.",
    ]

    /// One table of the report as a spreadsheet: the same words as the page, counts under 5 included as words.
    func tableCSV(req: Request) async throws -> Response {
        let report = try await Self.report(req, for: .viewReports)
        let key = req.parameters.get("tableKey") ?? ""
        let document = try await Self.published(report, req)
        guard let table = document.content.sections.flatMap(\.tables).first(where: { $0.key == key }) else {
            throw Abort(.notFound)
        }
        try await req.write { _, audit in
            try await audit.append(
                "report.downloaded", target: "report:\(try report.requireID().uuidString)",
                schoolID: report.schoolID, details: ["table": key, "version": String(report.version)])
        }
        var csv = CSVWriter(header: table.columns)
        for row in table.rows { csv.append(row) }
        let slug = report.title.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return CSVDownload.response(csv, filename: "\(String(slug).prefix(40))-v\(report.version)-\(key).csv")
    }
}
