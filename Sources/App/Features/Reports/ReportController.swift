// The governors' termly reports of a school: the list, and starting a new one for a term or any span of days.

import Fluent
import StewardCore
import Vapor

struct ReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, ReportPaths.list, action: .viewReports, use: index)
        routes.on(.GET, ReportPaths.new, action: .draftReports, use: newReport)
        routes.on(.POST, ReportPaths.list, action: .draftReports, use: create)
        routes.on(.GET, ReportPaths.show, action: .viewReports, use: show)
        routes.on(.GET, ReportPaths.table, action: .viewReports, use: tableCSV)
        routes.on(.POST, ReportPaths.narrative, action: .draftReports, use: saveNarrative)
        routes.on(.POST, ReportPaths.publish, action: .draftReports, use: publish)
        routes.on(.POST, ReportPaths.correct, action: .draftReports, use: correct)
        routes.on(.POST, ReportPaths.discard, action: .draftReports, use: discard)
        routes.on(.GET, ReportPaths.trust, action: .viewTrustReport, use: trust)
        routes.on(.GET, ReportPaths.trustTable, action: .viewTrustReport, use: trustTableCSV)
    }

    /// The report named by the route, in one of the actor's schools. A draft is only for those who draft reports
    /// there: to anyone else it does not exist.
    static func report(_ req: Request, for action: Action) async throws -> GovernorsReport {
        // Found before anything is asked of it: a draft is "not found" to anyone who does not draft reports there,
        // whatever they ask of it and whatever their role, so that no answer (not even a 403 to a teacher) tells a
        // draft apart from no report at all.
        let (actor, _) = try req.requireActor()
        guard let id = req.parameters.get("reportID", as: UUID.self),
            let report = try await SchoolScope.find(GovernorsReport.self, id, for: actor, on: req.db)
        else { throw Abort(.notFound) }
        if report.state == .draft,
            AccessPolicy.can(actor, .draftReports, .schoolRecord(schoolID: report.schoolID)) != .allowed
        {
            throw Abort(.notFound)
        }
        try req.authorize(.viewReports, .schoolRecord(schoolID: report.schoolID))
        try req.authorize(action, .schoolRecord(schoolID: report.schoolID))
        return report
    }

    struct ListRow: Encodable, Sendable {
        var id: String
        var title: String
        var period: String
        var version: Int
        var state: String
        var published: String
        var school: String
    }

    struct ListContent: Encodable, Sendable {
        var drafts: [ListRow]
        var published: [ListRow]
        var canDraft: Bool
        /// A trust administrator's list: the published reports of every school of the trust, and the trust's own.
        var trust: Bool
    }

    func index(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let canDraft = AccessPolicy.can(actor, .draftReports) == .allowed
        let trust = AccessPolicy.can(actor, .viewTrustReport) == .allowed
        // Drafts of the school they work in, for whoever drafts there; published reports of every school a trust
        // administrator reaches.
        let drafts =
            canDraft
            ? try await GovernorsReport.query(on: req.db).inSchool(of: actor).filter(\.$state == .draft)
                .sort(\.$periodTo, .descending).sort(\.$version, .descending).all() : []
        let schoolIDs = trust ? actor.schools(where: [.trustAdmin]) : [actor.schoolID]
        let published = try await GovernorsReport.query(on: req.db).inSchools(schoolIDs)
            .filter(\.$state == .published).sort(\.$periodTo, .descending).sort(\.$version, .descending).all()
        let names = Dictionary(
            uniqueKeysWithValues: try await School.query(on: req.db).filter(\.$id ~~ schoolIDs).all().compactMap {
                school in school.id.map { ($0, school.name) }
            })
        func row(_ report: GovernorsReport) -> ListRow {
            ListRow(
                id: report.id?.uuidString ?? "", title: report.title,
                period: "\(report.from.longForm) to \(report.to.longForm)", version: report.version,
                state: report.state == .draft ? "Draft" : "Published",
                published: report.publishedAt.map { Display.clock.date(of: $0).longForm } ?? "",
                school: names[report.schoolID] ?? "")
        }
        return try await req.page(
            "reports/index", title: "Reports for governors",
            ListContent(
                drafts: drafts.map(row), published: published.map(row), canDraft: canDraft, trust: trust))
    }

    struct TermChoice: Encodable, Sendable {
        var value: String
        var title: String
        var checked: Bool
    }

    struct NewContent: Encodable, Sendable {
        var terms: [TermChoice]
        var from: String
        var to: String
        var customChecked: Bool
        var errors: FormErrors
    }

    struct NewForm: Content {
        var term: String?
        var from: String?
        var to: String?
    }

    /// The school's terms (set for the privacy check) that have begun, latest first.
    static func terms(of schoolID: UUID, on db: any Database) async throws -> [SchoolTerm] {
        let today = Display.today
        return try await SelfCheckSettings.of(schoolID, on: db).termList.filter { $0.starts <= today }.reversed()
    }

    func newPage(_ req: Request, form: NewForm, errors: [FieldError]) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let terms = try await Self.terms(of: actor.schoolID, on: req.db)
        let chosen = form.term ?? (terms.isEmpty ? "custom" : "0")
        return try await req.page(
            "reports/new", title: "Start a report for governors",
            NewContent(
                terms: terms.enumerated().map { index, term in
                    TermChoice(
                        value: String(index), title: "\(term.name): \(term.starts.longForm) to \(term.ends.longForm)",
                        checked: chosen == String(index))
                }, from: form.from ?? "", to: form.to ?? "", customChecked: chosen == "custom",
                errors: FormErrors(errors)),
            status: errors.isEmpty ? .ok : .badRequest)
    }

    func newReport(req: Request) async throws -> Response {
        try await newPage(req, form: NewForm(), errors: [])
    }

    func create(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let form = try req.content.decode(NewForm.self)
        let terms = try await Self.terms(of: actor.schoolID, on: req.db)
        let title: String
        let from: CalendarDate
        let to: CalendarDate
        let typedDays = [form.from, form.to].contains { !($0 ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        if let choice = form.term, choice != "custom" {
            // Days typed beside a chosen term: which was meant is unclear, so neither is taken.
            guard !typedDays else {
                return try await newPage(
                    req, form: form,
                    errors: [
                        FieldError(
                            "from",
                            "You chose a term and typed days: choose \"Other days\" to use the days, or clear them.")
                    ])
            }
            guard let index = Int(choice), terms.indices.contains(index) else {
                return try await newPage(
                    req, form: form, errors: [FieldError("term", "Choose one of the terms, or enter the days.")])
            }
            (title, from, to) = (terms[index].name, terms[index].starts, terms[index].ends)
        } else {
            switch ReportPeriod.validate(from: form.from, to: form.to, today: Display.today) {
            case .failure(let invalid): return try await newPage(req, form: form, errors: invalid.errors)
            case .success(let period):
                (title, from, to) = ("\(period.from.longForm) to \(period.to.longForm)", period.from, period.to)
            }
        }
        guard let person = req.currentPerson else { throw Abort(.unauthorized) }
        let report = GovernorsReport(schoolID: actor.schoolID, title: title, from: from, to: to, preparedBy: person)
        try await req.write { db, audit in
            try await report.create(on: db)
            try await audit.append(
                "report.created", target: "report:\(try report.requireID().uuidString)",
                details: ["title": title, "from": from.description, "to": to.description])
        }
        return req.redirect(to: ReportPaths.show(try report.requireID()), redirectType: .normal)
    }
}
