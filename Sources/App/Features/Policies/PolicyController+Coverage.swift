// Who has read a policy: figures by group, each person's status, and the spreadsheet.

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    // MARK: - Coverage

    /// One group's figures, for the page and the API alike.
    struct GroupRow: Content {
        var group: String
        var asked: Int
        var acknowledged: Int
        var due: Int
        var overdue: Int
        var percent: Int
    }

    static func groupRow(_ name: String, _ f: PolicyCoverage.Figures) -> GroupRow {
        GroupRow(
            group: name, asked: f.asked, acknowledged: f.met, due: f.due, overdue: f.overdue,
            percent: f.percent)
    }

    /// The day the figures stand on (`?on=2026-10-01`, not after today nor before the policy was first published),
    /// or today; and the error for a bad one.
    static func asOf(
        _ req: Request, firstPublished: CalendarDate?
    ) -> (
        day: CalendarDate, typed: String, error: FieldError?
    ) {
        let today = Display.today
        let typed = String((req.query[String.self, at: "on"] ?? "").prefix(40)).trimmingCharacters(in: .whitespaces)
        if typed.isEmpty { return (today, "", nil) }
        guard let day = CalendarDate(parsing: typed) else {
            return (today, typed, FieldError("on", "Enter the day as a date, for example 2026-10-01."))
        }
        guard day <= today else { return (today, typed, FieldError("on", "Choose today or a day before it.")) }
        if let firstPublished, day < firstPublished {
            return (
                today, typed,
                FieldError("on", "Choose a day from \(firstPublished.longForm), when the policy was first published.")
            )
        }
        return (day, typed, nil)
    }

    /// The day the policy's first version was published, on the school's clock.
    static func firstPublished(_ policy: Policy, on db: any Database) async throws -> CalendarDate? {
        try await PolicyLibrary.published(try policy.requireID(), on: db).compactMap(\.publishedAt).min()
            .map { Display.clock.date(of: $0) }
    }

    /// The figures by group, on the day asked for, as a spreadsheet: for everyone who sees the figures.
    func figuresCSV(req: Request) async throws -> Response {
        let policy = try await Self.policy(req, action: .viewPolicyFigures)
        guard policy.currentVersionID != nil else { throw Abort(.notFound) }
        let (day, _, error) = Self.asOf(req, firstPublished: try await Self.firstPublished(policy, on: req.db))
        if let error { throw Abort(.badRequest, reason: error.message) }
        let (coverage, _) = try await PolicyLibrary.coverage(of: policy, on: req.db, today: day)
        var csv = CSVWriter(header: ["Group", "Asked", "Acknowledged", "Still to do", "Overdue", "% acknowledged"])
        for row in PersonKind.allCases.map({ Self.groupRow($0.title + "s", coverage.byKind[$0] ?? .init()) })
            + [Self.groupRow("Everyone", coverage.total)]
        {
            csv.append([
                row.group, String(row.asked), String(row.acknowledged), String(row.due), String(row.overdue),
                String(row.percent),
            ])
        }
        return CSVDownload.response(csv, filename: "\(PolicyLibrary.slug(policy.title))-figures-\(day.description).csv")
    }

    /// Figures by group for governors; with names, and who is overdue, for the headteacher (policy 3).
    func coverage(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let policy = try await Self.policy(req, action: .viewPolicyFigures)
        guard let currentID = policy.currentVersionID, let current = try await PolicyVersion.find(currentID, on: req.db)
        else { throw Abort(.notFound) }
        let (day, typed, dayError) = Self.asOf(req, firstPublished: try await Self.firstPublished(policy, on: req.db))
        let (coverage, people) = try await PolicyLibrary.coverage(of: policy, on: req.db, today: day)
        let past = day != Display.today
        let names =
            !past
            && AccessPolicy.can(actor, .viewPolicyCoverage, .schoolRecord(schoolID: policy.$school.id)) == .allowed
        var managers: [UUID: String] = [:]
        if names {
            let ids = Set(coverage.outstanding.compactMap { people[$0.id]?.$lineManager.id })
            for person in try await Person.query(on: req.db).filter(\.$id ~~ Array(ids)).all() {
                if let id = person.id { managers[id] = person.fullName }
            }
        }
        let rows: [PersonRow] =
            names
            ? coverage.outstanding.compactMap { entry in
                guard let person = people[entry.id] else { return nil }
                return PersonRow(
                    id: entry.id.uuidString, name: "\(person.surname), \(person.forename)", group: person.kind.title,
                    status: Self.describeForOthers(entry.status),
                    overdue: entry.status.isOverdue,
                    lineManager: person.$lineManager.id.flatMap { managers[$0] } ?? "",
                    hasAccount: person.passwordHash != nil)
            } : []
        let content = CoverageContent(
            id: policy.id?.uuidString ?? "", title: policy.title, version: current.number,
            groups: PersonKind.allCases.map { Self.groupRow($0.title + "s", coverage.byKind[$0] ?? .init()) },
            total: Self.groupRow("Everyone", coverage.total), names: names, outstanding: rows,
            withoutAccount: rows.filter { !$0.hasAccount }.count,
            canSend: AccessPolicy.can(actor, .managePolicies) == .allowed,
            on: typed, asOf: past ? day.longForm : "",
            figuresCSV: PolicyPaths.figuresCSV(policy.id?.uuidString ?? "") + (past ? "?on=\(day.description)" : ""),
            errors: FormErrors(dayError.map { [$0] } ?? []))
        let done = req.query[String.self, at: "done"] ?? ""
        let notice: String? =
            done == "link-sent"
            ? "A link has been sent. It works once, for 14 days."
            : done.hasPrefix("links-sent-")
                ? "\(done.dropFirst("links-sent-".count)) links have been sent. Each works once, for 14 days." : nil
        return try await req.page(
            "policies/coverage", title: "Who has read \(policy.title)", content,
            status: dayError == nil ? .ok : .badRequest, notice: notice)
    }

    static func describeForOthers(_ status: AcknowledgementStatus) -> String {
        switch status {
        case .notRequired: "Not asked"
        case .met(let version): "Acknowledged version \(version)"
        case .due(let deadline): "Due by \(deadline.longForm)"
        case .overdue(let deadline, let days):
            "Overdue by \(days) day\(days == 1 ? "" : "s") (due \(deadline.longForm))"
        }
    }

    /// Everyone asked, with their status, as a spreadsheet; the download is audited.
    func coverageCSV(req: Request) async throws -> Response {
        let policy = try await Self.policy(req, action: .viewPolicyCoverage)
        guard policy.currentVersionID != nil else { throw Abort(.notFound) }
        let policyID = try policy.requireID()
        let (coverage, people) = try await PolicyLibrary.coverage(of: policy, on: req.db)
        let acks = try await PolicyAcknowledgement.query(on: req.db).filter(\.$policy.$id == policyID).all()
        var latest: [UUID: PolicyAcknowledgement] = [:]
        for ack in acks where (latest[ack.$person.id]?.versionNumber ?? 0) < ack.versionNumber {
            latest[ack.$person.id] = ack
        }
        let outstanding = Dictionary(coverage.outstanding.map { ($0.id, $0.status) }, uniquingKeysWith: { a, _ in a })
        var writer = CSVWriter(header: [
            "Surname", "Forename", "Email", "Group", "Status", "Deadline", "Acknowledged Version", "Acknowledged At",
        ])
        let versions = try await PolicyLibrary.published(policyID, on: req.db).compactMap(\.published)
        for person in people.values.sorted(by: { ($0.surname, $0.forename) < ($1.surname, $1.forename) }) {
            guard let id = person.id else { continue }
            let status =
                outstanding[id]
                ?? PolicyCompliance.status(
                    versions: versions, acknowledged: Set(acks.filter { $0.$person.id == id }.map(\.versionNumber)),
                    kind: person.kind, startDate: person.startDate.flatMap(CalendarDate.init(parsing:)),
                    today: Display.today)
            if case .notRequired = status { continue }
            var deadline = ""
            if case .due(let d) = status { deadline = d.description }
            if case .overdue(let d, _) = status { deadline = d.description }
            let ack = latest[id]
            writer.append([
                person.surname, person.forename, person.email, person.kind.title, Self.describeForOthers(status),
                deadline, ack.map { String($0.versionNumber) } ?? "",
                ack.map { Display.time($0.acknowledgedAt) } ?? "",
            ])
        }
        try await req.write { _, audit in
            try await audit.append(
                "policy.coverage_exported", target: "policy:\(policyID.uuidString)", schoolID: policy.$school.id)
        }
        return CSVDownload.response(writer, filename: "\(policy.slug)-coverage-\(CSVDownload.today()).csv")
    }
}
