// The report for the whole trust, for its administrators: every school's figures together for any span of days, and a
// table comparing the schools, under the same small-number rule. Counted when it is read, and every reading audited.

import Fluent
import StewardCore
import Vapor

extension ReportController {
    struct TrustContent: Encodable, Sendable {
        var from: String
        var to: String
        var period: String
        var schools: Int
        var sections: [SectionView]
        var withheld: Bool
        var errors: FormErrors
    }

    /// The days asked for (`?from=…&to=…`), the last 30 days when none are, or what is wrong with them.
    static func trustPeriod(
        _ req: Request
    ) -> (typed: (String, String), period: (CalendarDate, CalendarDate)?, [FieldError]) {
        let from = String((req.query[String.self, at: "from"] ?? "").prefix(40))
        let to = String((req.query[String.self, at: "to"] ?? "").prefix(40))
        // A day given twice: which was meant is unclear, so neither is taken (and nothing is counted or audited).
        let keys = (req.url.query ?? "").split(separator: "&").map {
            String($0.prefix { $0 != "=" }).removingPercentEncoding ?? ""
        }
        for (field, name) in [("from", "first day"), ("to", "last day")] where keys.filter({ $0 == field }).count > 1 {
            return ((from, to), nil, [FieldError(field, "Give the \(name) once.")])
        }
        let today = Display.today
        if from.trimmingCharacters(in: .whitespaces).isEmpty && to.trimmingCharacters(in: .whitespaces).isEmpty {
            return ((today.adding(days: -30).description, today.description), (today.adding(days: -30), today), [])
        }
        switch ReportPeriod.validate(from: from, to: to, today: today) {
        case .success(let period): return ((from, to), (period.from, period.to), [])
        case .failure(let invalid): return ((from, to), nil, invalid.errors)
        }
    }

    /// The trust's report for the days asked for.
    static func trustContent(
        _ req: Request, from: CalendarDate, to: CalendarDate
    ) async throws -> (ReportContent, schools: Int) {
        let (actor, _) = try req.requireActor()
        let ids = actor.schools(where: [.trustAdmin])
        let schools = try await School.query(on: req.db).filter(\.$id ~~ ids).sort(\.$name).all()
        let scope = ReportScope(
            schoolIDs: schools.compactMap(\.id), from: from, to: to, today: Display.today, clock: Display.clock)
        let content = try await Features.trustReport(
            scope, schools: schools.compactMap { school in school.id.map { ($0, school.name) } }, on: req.db)
        return (content, schools.count)
    }

    func trust(req: Request) async throws -> Response {
        let (typed, period, errors) = Self.trustPeriod(req)
        var sections: [SectionView] = []
        var withheld = false
        var count = 0
        if let (from, to) = period {
            let (content, schools) = try await Self.trustContent(req, from: from, to: to)
            count = schools
            withheld = content.withheldAny
            try await req.write { _, audit in
                try await audit.append(
                    "report.trust_read", details: ["from": from.description, "to": to.description])
            }
            let query = "?from=\(from.description)&to=\(to.description)"
            sections = Self.sectionViews(content) { ReportPaths.trustTable() + query + "&table=\($0)" }
        }
        let content = TrustContent(
            from: typed.0, to: typed.1,
            period: period.map { "\($0.0.longForm) to \($0.1.longForm)" } ?? "", schools: count, sections: sections,
            withheld: withheld, errors: FormErrors(errors))
        return try await req.page(
            "reports/trust", title: "The whole trust: report", content, status: errors.isEmpty ? .ok : .badRequest)
    }

    /// One table of the trust's report as a spreadsheet.
    func trustTableCSV(req: Request) async throws -> Response {
        let (_, period, errors) = Self.trustPeriod(req)
        guard let (from, to) = period else {
            throw Abort(.badRequest, reason: errors.first?.message ?? "Check the days.")
        }
        let key = req.query[String.self, at: "table"] ?? ""
        let (content, _) = try await Self.trustContent(req, from: from, to: to)
        guard let table = content.sections.flatMap(\.tables).first(where: { $0.key == key }) else {
            throw Abort(.notFound)
        }
        try await req.write { _, audit in
            try await audit.append(
                "report.trust_downloaded",
                details: ["table": key, "from": from.description, "to": to.description])
        }
        var csv = CSVWriter(header: table.columns)
        for row in table.rows { csv.append(row) }
        return CSVDownload.response(csv, filename: "trust-\(from)-to-\(to)-\(key).csv")
    }
}
