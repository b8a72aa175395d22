// Concerns and confidential cases: anyone reports in a minute; the handlers run the case; the reporter sees a status;
// the person it is about never sees it (policy 3, 4.3, 4.8, 5).

import Crypto
import Fluent
import StewardCore
import Vapor

struct ConcernController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let concerns = routes.grouped("concerns")
        concerns.on(.GET, action: .viewConcerns, use: index)
        concerns.on(.GET, "new", action: .reportConcern, use: newConcern)
        concerns.on(.GET, "figures", action: .viewCaseFigures, use: figures)
        concerns.on(.POST, action: .reportConcern, upload: "64mb", use: report)
        concerns.on(.GET, ":caseID", action: .viewConcerns, use: show)
        concerns.on(.POST, ":caseID", "state", action: .handleConcern, use: move)
        concerns.on(.POST, ":caseID", "entries", action: .handleConcern, use: record)
        concerns.on(.POST, ":caseID", "members", action: .handleConcern, use: addMember)
        concerns.on(
            .POST, ":caseID", "evidence", action: .handleConcern, upload: "21mb", use: addEvidence)
        concerns.on(.GET, ":caseID", "evidence", ":evidenceID", action: .viewConcerns, use: download)
    }

    // MARK: - Reporting

    struct Option: Encodable, Sendable {
        var value: String
        var title: String
        var checked: Bool
    }

    struct ReportContent: Encodable, Sendable {
        var categories: [Option]
        var involved: [Option]
        var platforms: [String]
        var colleagues: [Option]
        var form: ReportForm
        var errors: FormErrors
    }

    struct ReportForm: Content {
        var category: String?
        var whatHappened: String?
        var happenedOn: String?
        var platform: String?
        var involved: String?
        var pupilName: String?
        var colleague: String?
        var description: String?
        var blocked: String?
        var reportedToPlatform: String?

        enum CodingKeys: String, CodingKey {
            case category, platform, involved, colleague, description, blocked
            case whatHappened = "what_happened"
            case happenedOn = "happened_on"
            case pupilName = "pupil_name"
            case reportedToPlatform = "reported_to_platform"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(category ?? "", forKey: .category)
            try c.encode(whatHappened ?? "", forKey: .whatHappened)
            try c.encode(happenedOn ?? "", forKey: .happenedOn)
            try c.encode(platform ?? "", forKey: .platform)
            try c.encode(involved ?? "", forKey: .involved)
            try c.encode(pupilName ?? "", forKey: .pupilName)
            try c.encode(colleague ?? "", forKey: .colleague)
            try c.encode(description ?? "", forKey: .description)
            try c.encode(blocked ?? "", forKey: .blocked)
            try c.encode(reportedToPlatform ?? "", forKey: .reportedToPlatform)
        }
    }

    static let platforms = [
        "Facebook", "Instagram", "WhatsApp", "TikTok", "Snapchat", "X (Twitter)", "YouTube", "Email", "Text message",
        "Other",
    ]
    static let involvedKinds: [(String, String)] = [
        ("pupil", "A pupil"), ("parent", "A parent or carer"), ("colleague", "A colleague"),
        ("outside", "Someone outside the school"), ("unknown", "I don't know"),
    ]

    func reportPage(_ req: Request, form: ReportForm, errors: [FieldError]) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let people = try await Person.query(on: req.db).filter(\.$school.$id == actor.schoolID)
            .filter(\.$active == true).filter(\.$id != (try person.requireID())).sort(\.$surname).sort(\.$forename)
            .all()
        let content = ReportContent(
            categories: ConcernCategory.allCases.map {
                Option(
                    value: $0.rawValue,
                    title: $0.title + ($0.clauses.isEmpty ? "" : " (clause \($0.clauses.joined(separator: ", ")))"),
                    checked: form.category == $0.rawValue)
            },
            involved: Self.involvedKinds.map { Option(value: $0.0, title: $0.1, checked: form.involved == $0.0) },
            platforms: Self.platforms,
            colleagues: people.map {
                Option(
                    value: $0.id?.uuidString ?? "", title: "\($0.fullName)",
                    checked: form.colleague == $0.id?.uuidString)
            }, form: form, errors: FormErrors(errors))
        return try await req.page(
            "concerns/new", title: "Report a concern", content, status: errors.isEmpty ? .ok : .badRequest)
    }

    func newConcern(req: Request) async throws -> Response {
        var form = ReportForm()
        form.category = req.query[String.self, at: "category"]
        return try await reportPage(req, form: form, errors: [])
    }

    func report(req: Request) async throws -> Response {
        let form = try req.uploadForm(ReportForm.self)
        switch try await Self.createCase(req, form: form, files: req.uploadedFiles("evidence")) {
        case .failure(let invalid): return try await reportPage(req, form: form, errors: invalid.errors)
        case .success(let item):
            return req.redirect(to: "/concerns?done=reported&ref=\(item.reference)", redirectType: .normal)
        }
    }

    /// Checks a report and, when it is sound, creates the case, its first entry and evidence, tells the handlers and
    /// audits it, all in one transaction; otherwise every problem and nothing written. Shared by the page and the API.
    static func createCase(
        _ req: Request, form: ReportForm, files uploads: [SpooledFile] = []
    ) async throws -> Result<ConcernCase, InvalidInput> {
        let (actor, person) = try req.requireActor()
        var errors: [FieldError] = []
        let category = form.category.flatMap(ConcernCategory.init(rawValue:))
        if category == nil { errors.append(FieldError("category", "Choose what the concern is about.")) }
        var what = ""
        switch TextRules.paragraph(form.whatHappened, field: "what_happened", label: "What happened", maxLength: 10_000)
        {
        case .success(let text): what = text
        case .failure(let error): errors.append(error)
        }
        var happenedOn: CalendarDate?
        switch TextRules.date(form.happenedOn, field: "happened_on", label: "When it happened", required: false) {
        case .success(let date):
            happenedOn = date
            if let date, date > CalendarDate(Date()) {
                errors.append(FieldError("happened_on", "When it happened cannot be in the future."))
            }
        case .failure(let error): errors.append(error)
        }
        let platform = Self.platforms.contains(form.platform ?? "") ? form.platform ?? "" : ""
        if platform.isEmpty { errors.append(FieldError("platform", "Choose where it happened.")) }
        let involved = Self.involvedKinds.map(\.0).contains(form.involved ?? "") ? form.involved ?? "" : ""
        if involved.isEmpty { errors.append(FieldError("involved", "Choose who was involved.")) }
        var subject: Person?
        if involved == "colleague" {
            subject =
                try await form.colleague.flatMap(UUID.init(uuidString:)).asyncMap { id in
                    try await Person.query(on: req.db).filter(\.$id == id).filter(\.$school.$id == actor.schoolID)
                        .first()
                } ?? nil
            if subject == nil { errors.append(FieldError("colleague", "Choose the colleague involved.")) }
        }
        var description = ""
        switch TextRules.paragraph(
            form.description, field: "description", label: "Who they are", required: false, maxLength: 2_000)
        {
        case .success(let text): description = text
        case .failure(let error): errors.append(error)
        }
        var pupilName = ""
        switch TextRules.line(
            form.pupilName, field: "pupil_name", label: "The pupil's name", required: false, maxLength: 200)
        {
        case .success(let text): pupilName = text
        case .failure(let error): errors.append(error)
        }
        // Each file is checked by its content now and read again, one at a time, when it is stored.
        var files: [(name: String, type: String, file: SpooledFile)] = []
        for upload in uploads where upload.size > 0 {
            switch Self.checkEvidence(upload) {
            case .success(let checked): files.append((checked.name, checked.type, upload))
            case .failure(let error): errors.append(error)
            }
        }
        if !errors.isEmpty { return .failure(InvalidInput(errors)) }

        // A pupil named by the reporter is linked to the roster when exactly one pupil has that name; the reporter
        // never sees the roster.
        var pupilID: UUID?
        if involved == "pupil", !pupilName.isEmpty {
            let folded = ScreeningContext.fold(pupilName)
            let matches = try await RosterPupil.query(on: req.db).filter(\.$school.$id == actor.schoolID).all().filter {
                ScreeningContext.fold("\($0.legalForename) \($0.legalSurname)") == folded
                    || ScreeningContext.fold("\($0.preferredForename ?? $0.legalForename) \($0.legalSurname)") == folded
            }
            if matches.count == 1 { pupilID = matches[0].id }
        }
        var aboutHead = false
        if let subject {
            aboutHead =
                try await RoleAssignment.query(on: req.db).filter(\.$person.$id == (try subject.requireID()))
                .filter(\.$school.$id == actor.schoolID).filter(\.$role == .headteacher).count() > 0
        }
        let item = ConcernCase()
        item.id = UUID()
        item.schoolID = actor.schoolID
        item.category = category ?? .other
        item.state = .new
        item.whatHappened = what
        item.happenedOn = happenedOn?.description
        item.platform = platform
        item.involvedKind = involved
        item.involvedDescription = [
            pupilName.isEmpty ? nil : "Pupil: \(pupilName)", description.isEmpty ? nil : description,
        ]
        .compactMap { $0 }.joined(separator: "\n")
        item.involvedPupilID = pupilID
        item.subjectPersonID = subject?.id
        item.aboutHeadteacher = aboutHead
        item.blocked = ["yes", "no"].contains(form.blocked ?? "") ? form.blocked : nil
        item.reportedToPlatform = ["yes", "no"].contains(form.reportedToPlatform ?? "") ? form.reportedToPlatform : nil
        item.reporterID = try person.requireID()
        let now = Date()
        item.createdAt = now
        item.lastEntryAt = now
        let baseURL = req.application.steward.config.baseURL
        let reporterID = item.reporterID
        let evidence = files
        try await req.write { db, audit in
            item.reference = try await Cases.nextReference(schoolID: item.schoolID, on: db, now: now)
            try await item.create(on: db)
            let caseID = try item.requireID()
            try await CaseEntry(
                caseID: caseID, kind: "report", text: "Concern reported.", authorID: reporterID, at: now
            )
            .create(on: db)
            for (name, type, file) in evidence {
                try await Self.storeEvidence(
                    caseID: caseID, name: name, type: type, data: try file.data(), by: reporterID, on: db)
            }
            let facts = try await Cases.facts(item, on: db)
            let handlers = try await Cases.handlers(of: item, facts: facts, on: db)
            try await Cases.notify(
                handlers, about: item, subject: "New concern", line: "A new concern has been reported.",
                baseURL: baseURL, on: db)
            try await audit.append(
                "case.reported", target: "case:\(caseID.uuidString)",
                details: [
                    "reference": item.reference, "category": item.category.rawValue, "evidence": String(evidence.count),
                ])
        }
        return .success(item)
    }

    static func storeEvidence(
        caseID: UUID, name: String, type: String, data: Data, by personID: UUID, on db: any Database
    ) async throws {
        let evidence = CaseEvidence()
        evidence.id = UUID()
        evidence.caseID = caseID
        evidence.filename = name
        evidence.contentType = type
        evidence.size = data.count
        evidence.sha256 = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        evidence.data = data
        evidence.uploadedBy = personID
        evidence.uploadedAt = Date()
        try await evidence.create(on: db)
    }

    // MARK: - Lists

    struct CaseRow: Encodable, Sendable {
        var id: String
        var reference: String
        var category: String
        var state: String
        var reported: String
        var overdue: Bool
    }

    struct IndexContent: Encodable, Sendable {
        var handling: [CaseRow]
        var reported: [CaseRow]
        var isHandler: Bool
        var canSeeFigures: Bool
    }

    func index(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let all = try await ConcernCase.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .sort(\.$createdAt, .descending).all()
        var handling: [CaseRow] = []
        var reported: [CaseRow] = []
        let now = Date()
        let facts = try await Cases.facts(of: all, on: req.db)
        for item in all {
            guard let itemFacts = item.id.flatMap({ facts[$0] }) else { continue }
            let visibility = CaseAccess.visibility(of: itemFacts, to: actor)
            let row = CaseRow(
                id: item.id?.uuidString ?? "", reference: item.reference, category: item.category.title,
                state: item.state.title, reported: CalendarDate(item.createdAt).longForm,
                overdue: CaseDeadlines.isOverdue(
                    state: item.state, reported: item.createdAt, lastEntry: item.lastEntryAt, now: now))
            switch visibility {
            case .full: handling.append(row)
            case .reporterStatus:
                var mine = row
                mine.state = item.state.reporterTitle
                mine.overdue = false
                reported.append(mine)
            case .none: break
            }
        }
        let notice: String? =
            req.query[String.self, at: "done"] == "reported"
            ? "Thank you. Your concern has been passed on in confidence. Its reference is \(req.query[String.self, at: "ref"] ?? "")."
            : nil
        return try await req.page(
            "concerns/index", title: "Concerns",
            IndexContent(
                handling: handling, reported: reported,
                isHandler: !actor.roles.isDisjoint(with: [.headteacher, .safeguardingLead, .chairOfGovernors]),
                canSeeFigures: AccessPolicy.can(actor, .viewCaseFigures) == .allowed),
            notice: notice)
    }

    // MARK: - Figures for governors

    struct Cell: Encodable, Sendable {
        var label: String
        var count: Int
    }

    struct FigureRow: Encodable, Sendable {
        var title: String
        var counts: [Cell]
        var total: Int
    }

    struct FiguresContent: Encodable, Sendable {
        var states: [String]
        var rows: [FigureRow]
        var outcomes: [FigureRow]
        var total: Int
    }

    /// Counts by kind and stage, and outcomes: what governors need (policy 5.4: "inform governors"), with no
    /// names, references or dates that could point at anyone.
    func figures(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        // Counts leave out the cases whose existence this viewer must not learn (the subject's; a headteacher's
        // about the headteacher): `CaseAccess.countsInFigures`.
        let cases = try await ConcernCase.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .field(\.$id).field(\.$category).field(\.$state).field(\.$outcome).field(\.$schoolID)
            .field(\.$subjectPersonID).field(\.$aboutHeadteacher).all()
            .filter {
                CaseAccess.countsInFigures(
                    schoolID: $0.schoolID, subjectIDs: $0.subjectPersonID.map { [$0] } ?? [],
                    aboutHeadteacher: $0.aboutHeadteacher, for: actor)
            }
        let states = CaseState.allCases
        let rows = ConcernCategory.allCases.map { category in
            let mine = cases.filter { $0.category == category }
            return FigureRow(
                title: category.title,
                counts: states.map { state in Cell(label: state.title, count: mine.filter { $0.state == state }.count)
                },
                total: mine.count)
        }
        let outcomes = CaseOutcome.allCases.map { outcome in
            FigureRow(title: outcome.title, counts: [], total: cases.filter { $0.outcome == outcome }.count)
        }
        return try await req.page(
            "concerns/figures", title: "Concerns in figures",
            FiguresContent(states: states.map(\.title), rows: rows, outcomes: outcomes, total: cases.count))
    }

    // MARK: - A case

    /// The case named by the route, if the actor may see anything of it; otherwise "not found".
    static func find(_ req: Request) async throws -> (ConcernCase, CaseVisibility) {
        let (actor, _) = try req.requireActor()
        guard let id = req.parameters.get("caseID", as: UUID.self),
            let item = try await ConcernCase.query(on: req.db).filter(\.$id == id)
                .filter(\.$schoolID ~~ Array(actor.schoolIDs)).first()
        else { throw Abort(.notFound) }
        try req.authorize(.viewConcerns, .schoolRecord(schoolID: item.schoolID))
        let visibility = CaseAccess.visibility(of: try await Cases.facts(item, on: req.db), to: actor)
        if visibility == .none { throw Abort(.notFound) }
        return (item, visibility)
    }

    /// Whether the caller may read a case in full now: a page session that proved a second factor within the
    /// window, or an API token granted the cases scope (which only such a session can create).
    static func steppedUp(_ req: Request) -> Bool {
        if req.isAPI { return req.apiScopes.contains(.cases) }
        return Reauthentication.isFresh(req)
    }

    struct EntryView: Encodable, Sendable {
        var id: String
        var at: String
        var author: String
        var title: String
        var text: String
        var reference: String
        var corrects: String
    }

    struct EvidenceView: Encodable, Sendable {
        var id: String
        var filename: String
        var size: String
        var sha256: String
        var uploaded: String
    }

    struct ShowContent: Encodable, Sendable {
        var id: String
        var reference: String
        var category: String
        var clauses: String
        var state: String
        var reporterOnly: Bool
        var canHandle: Bool
        var reported: String
        var whatHappened: String
        var happenedOn: String
        var platform: String
        var involved: String
        var involvedDetail: String
        var subject: String
        var pupilLinked: Bool
        var blocked: String
        var reportedToPlatform: String
        var outcome: String
        var entries: [EntryView]
        var evidence: [EvidenceView]
        var moves: [Option]
        var actions: [Option]
        var outcomes: [Option]
        var members: [String]
        var candidates: [Option]
        var errors: FormErrors
    }

    func show(req: Request) async throws -> Response {
        try await showPage(req, errors: [])
    }

    func showPage(_ req: Request, errors: [FieldError], status: HTTPStatus = .ok) async throws -> Response {
        let (item, visibility) = try await Self.find(req)
        let caseID = try item.requireID()
        if case .full = visibility, !Self.steppedUp(req) {
            return req.redirect(to: "/step-up?next=\(SafeRedirect.encode(req.url.path))", redirectType: .normal)
        }
        var content = ShowContent(
            id: caseID.uuidString, reference: item.reference, category: item.category.title,
            clauses: item.category.clauses.joined(separator: ", "), state: item.state.reporterTitle,
            reporterOnly: true, canHandle: false, reported: CalendarDate(item.createdAt).longForm, whatHappened: "",
            happenedOn: "", platform: "", involved: "", involvedDetail: "", subject: "", pupilLinked: false,
            blocked: "", reportedToPlatform: "", outcome: "", entries: [], evidence: [], moves: [], actions: [],
            outcomes: [], members: [], candidates: [], errors: FormErrors(errors))
        if case .full(let canHandle) = visibility {
            let entries = try await CaseEntry.query(on: req.db).filter(\.$caseID == caseID).sort(\.$createdAt).all()
            let evidence = try await CaseEvidence.query(on: req.db).filter(\.$caseID == caseID)
                .field(\.$id).field(\.$filename).field(\.$size).field(\.$sha256).field(\.$uploadedAt)
                .field(\.$caseID).field(\.$contentType).sort(\.$uploadedAt).all()
            let members = try await CaseMember.query(on: req.db).filter(\.$caseID == caseID).all()
            var names: [UUID: String] = [:]
            let ids = Set(entries.compactMap(\.authorID) + members.map(\.personID) + [item.reporterID])
                .union(item.subjectPersonID.map { [$0] } ?? [])
            for person in try await Person.query(on: req.db).filter(\.$id ~~ Array(ids)).all() {
                if let id = person.id { names[id] = person.fullName }
            }
            let numbered = Dictionary(
                uniqueKeysWithValues: entries.enumerated().compactMap { i, e in e.id.map { ($0, i + 1) } })
            content.reporterOnly = false
            content.canHandle = canHandle
            content.state = item.state.title
            content.whatHappened = item.whatHappened
            content.happenedOn = item.happenedOn.flatMap(CalendarDate.init(parsing:))?.longForm ?? "Not given"
            content.platform = item.platform
            content.involved = Self.involvedKinds.first { $0.0 == item.involvedKind }?.1 ?? item.involvedKind
            content.involvedDetail = item.involvedDescription
            content.subject = item.subjectPersonID.flatMap { names[$0] } ?? ""
            content.pupilLinked = item.involvedPupilID != nil
            content.blocked = item.blocked ?? ""
            content.reportedToPlatform = item.reportedToPlatform ?? ""
            content.outcome = item.outcome?.title ?? ""
            content.entries = entries.enumerated().map { index, entry in
                let title: String =
                    switch entry.kind {
                    case "state": "\(entry.stateFrom?.title ?? "") → \(entry.stateTo?.title ?? "")"
                    case "action": entry.action?.title ?? "Step"
                    case "correction": "Correction"
                    case "member": "Added to the case"
                    case "evidence": "Evidence added"
                    default: "Reported"
                    }
                return EntryView(
                    id: "entry-\(index + 1)", at: Display.time(entry.createdAt),
                    author: entry.authorID.flatMap { names[$0] } ?? "", title: title, text: entry.text,
                    reference: entry.externalReference ?? "",
                    corrects: entry.correctsID.flatMap { numbered[$0] }.map { "entry-\($0)" } ?? "")
            }
            content.evidence = evidence.map {
                EvidenceView(
                    id: $0.id?.uuidString ?? "", filename: $0.filename,
                    size: ByteCountFormatter.string(fromByteCount: Int64($0.size), countStyle: .file),
                    sha256: $0.sha256,
                    uploaded: Display.time($0.uploadedAt))
            }
            content.moves = (CaseTransitions.allowed[item.state] ?? []).map {
                Option(value: $0.rawValue, title: $0.title, checked: false)
            }
            content.actions = CaseActionKind.allCases.map {
                Option(value: $0.rawValue, title: $0.title, checked: false)
            }
            content.outcomes = CaseOutcome.allCases.map { Option(value: $0.rawValue, title: $0.title, checked: false) }
            content.members = members.compactMap { names[$0.personID] }
            if canHandle {
                let people = try await Person.query(on: req.db).filter(\.$school.$id == item.schoolID)
                    .filter(\.$active == true).sort(\.$surname).all()
                let excluded = Set(members.map(\.personID)).union(item.subjectPersonID.map { [$0] } ?? [])
                content.candidates = people.filter { !excluded.contains($0.id ?? UUID()) }.map {
                    Option(value: $0.id?.uuidString ?? "", title: $0.fullName, checked: false)
                }
            }
            try await req.write { _, audit in
                try await audit.append(
                    "case.opened", target: "case:\(caseID.uuidString)", schoolID: item.schoolID,
                    details: ["reference": item.reference])
            }
        }
        return try await req.page("concerns/show", title: "Concern \(item.reference)", content, status: status)
    }

    // MARK: - Handling

    /// The case, for someone who may handle it and has proved a second factor recently.
    func handled(_ req: Request) async throws -> ConcernCase {
        let (item, visibility) = try await Self.find(req)
        guard case .full(true) = visibility else { throw Abort(.forbidden) }
        guard Self.steppedUp(req) else {
            throw Abort(.forbidden, reason: "Confirm it is you again, then try once more.")
        }
        return item
    }

    struct MoveForm: Content {
        var to: String?
        var reason: String?
        var outcome: String?
    }

    func move(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        let item = try await handled(req)
        let form = try req.content.decode(MoveForm.self)
        var errors: [FieldError] = []
        let to = form.to.flatMap(CaseState.init(rawValue:))
        if to == nil || !CaseTransitions.canMove(from: item.state, to: to ?? .new) {
            errors.append(FieldError("to", "Choose where the case goes next."))
        }
        var reason = ""
        switch TextRules.paragraph(form.reason, field: "reason", label: "The reason", maxLength: 4_000) {
        case .success(let text): reason = text
        case .failure(let error): errors.append(error)
        }
        let outcome = form.outcome.flatMap(CaseOutcome.init(rawValue:))
        if to == .outcome && outcome == nil { errors.append(FieldError("outcome", "Choose the outcome.")) }
        if !errors.isEmpty { return try await showPage(req, errors: errors, status: .badRequest) }
        let caseID = try item.requireID()
        let from = item.state
        let authorID = try person.requireID()
        let why = reason
        try await req.write { db, audit in
            let entry = CaseEntry(caseID: caseID, kind: "state", text: why, authorID: authorID)
            entry.stateFrom = from
            entry.stateTo = to
            try await entry.create(on: db)
            item.state = to ?? from
            if to == .outcome { item.outcome = outcome }
            item.lastEntryAt = Date()
            try await item.update(on: db)
            try await audit.append(
                "case.moved", target: "case:\(caseID.uuidString)", schoolID: item.schoolID,
                details: ["from": from.rawValue, "to": (to ?? from).rawValue, "outcome": outcome?.rawValue ?? ""])
        }
        return req.redirect(to: "/concerns/\(caseID.uuidString)", redirectType: .normal)
    }

    struct EntryForm: Content {
        var action: String?
        var text: String?
        var reference: String?
        var corrects: String?
    }

    /// Records a step (HR advice, a referral with its reference …) or a correction of an earlier entry. Entries are
    /// never changed: a correction is a new entry pointing at the one it corrects.
    func record(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        let item = try await handled(req)
        let caseID = try item.requireID()
        let form = try req.content.decode(EntryForm.self)
        var errors: [FieldError] = []
        var corrects: UUID?
        if let raw = form.corrects, !raw.isEmpty {
            let entries = try await CaseEntry.query(on: req.db).filter(\.$caseID == caseID).sort(\.$createdAt).all()
            if let n = Int(raw.replacingOccurrences(of: "entry-", with: "")), n >= 1, n <= entries.count {
                corrects = entries[n - 1].id
            } else {
                errors.append(FieldError("corrects", "Choose the entry this corrects."))
            }
        }
        let action = form.action.flatMap(CaseActionKind.init(rawValue:))
        if action == nil && corrects == nil { errors.append(FieldError("action", "Choose what was done.")) }
        var text = ""
        switch TextRules.paragraph(form.text, field: "text", label: "What happened", maxLength: 10_000) {
        case .success(let value): text = value
        case .failure(let error): errors.append(error)
        }
        var reference = ""
        switch TextRules.line(
            form.reference, field: "reference", label: "The reference", required: false, maxLength: 100)
        {
        case .success(let value): reference = value
        case .failure(let error): errors.append(error)
        }
        if action?.needsReference == true && corrects == nil && reference.isEmpty
            && !errors.contains(where: { $0.field == "reference" })
        {
            errors.append(FieldError("reference", "Give the reference the police or the LADO gave you."))
        }
        if !errors.isEmpty { return try await showPage(req, errors: errors, status: .badRequest) }
        let authorID = try person.requireID()
        let (corrected, body, externalReference) = (corrects, text, reference)
        try await req.write { db, audit in
            let entry = CaseEntry(
                caseID: caseID, kind: corrected == nil ? "action" : "correction", text: body, authorID: authorID)
            entry.action = corrected == nil ? action : nil
            entry.externalReference = externalReference.isEmpty ? nil : externalReference
            entry.correctsID = corrected
            try await entry.create(on: db)
            item.lastEntryAt = Date()
            try await item.update(on: db)
            try await audit.append(
                corrected == nil ? "case.step_recorded" : "case.entry_corrected", target: "case:\(caseID.uuidString)",
                schoolID: item.schoolID, details: ["action": action?.rawValue ?? "correction"])
        }
        return req.redirect(to: "/concerns/\(caseID.uuidString)", redirectType: .normal)
    }

    struct MemberForm: Content { var person: String? }

    /// Adds HR or a colleague to the case: from now on they see it (never the person it is about).
    func addMember(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        let item = try await handled(req)
        let caseID = try item.requireID()
        let form = try req.content.decode(MemberForm.self)
        guard let id = form.person.flatMap(UUID.init(uuidString:)),
            let member = try await Person.query(on: req.db).filter(\.$id == id).filter(\.$school.$id == item.schoolID)
                .filter(\.$active == true).first(),
            id != item.subjectPersonID
        else {
            return try await showPage(
                req, errors: [FieldError("person", "Choose someone to add.")], status: .badRequest)
        }
        let addedBy = try person.requireID()
        if try await CaseMember.query(on: req.db).filter(\.$caseID == caseID).filter(\.$personID == id).count() == 0 {
            try await req.write { db, audit in
                let row = CaseMember()
                row.caseID = caseID
                row.personID = id
                row.addedBy = addedBy
                row.addedAt = Date()
                try await row.create(on: db)
                try await CaseEntry(caseID: caseID, kind: "member", text: member.fullName, authorID: addedBy).create(
                    on: db)
                item.lastEntryAt = Date()
                try await item.update(on: db)
                try await Cases.notify(
                    [member], about: item, subject: "You have been added to a concern",
                    line: "You have been added to a confidential concern.",
                    baseURL: req.application.steward.config.baseURL, on: db)
                try await audit.append(
                    "case.member_added", target: "case:\(caseID.uuidString)", schoolID: item.schoolID,
                    details: ["person": id.uuidString])
            }
        }
        return req.redirect(to: "/concerns/\(caseID.uuidString)", redirectType: .normal)
    }

    /// An uploaded evidence file's name and type, checked by its name's characters and its content.
    static func checkEvidence(_ upload: SpooledFile) -> Result<(name: String, type: String), FieldError> {
        let name: String
        switch TextRules.fileName(upload.filename, field: "evidence") {
        case .success(let value): name = value
        case .failure(let error): return .failure(error)
        }
        if upload.size > EvidenceFile.maxBytes {
            return .failure(FieldError("evidence", "\(name) is larger than 20 MB."))
        }
        // What a file is shows in its first bytes; it is read whole only when it is stored.
        guard let head = try? upload.head(16) else {
            return .failure(FieldError("evidence", "\(name) could not be read. Choose it again."))
        }
        return EvidenceFile.check(head, name: name).map { (name, $0) }
    }

    func addEvidence(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        let item = try await handled(req)
        let caseID = try item.requireID()
        guard let upload = req.uploadedFiles("evidence").first(where: { $0.size > 0 }) else {
            return try await showPage(
                req, errors: [FieldError("evidence", "Choose a file to add.")], status: .badRequest)
        }
        let name: String
        let type: String
        switch Self.checkEvidence(upload) {
        case .success(let checked): (name, type) = (checked.name, checked.type)
        case .failure(let error): return try await showPage(req, errors: [error], status: .badRequest)
        }
        let data = try upload.data()
        let personID = try person.requireID()
        try await req.write { db, audit in
            try await Self.storeEvidence(caseID: caseID, name: name, type: type, data: data, by: personID, on: db)
            try await CaseEntry(caseID: caseID, kind: "evidence", text: name, authorID: personID).create(on: db)
            item.lastEntryAt = Date()
            try await item.update(on: db)
            try await audit.append(
                "case.evidence_added", target: "case:\(caseID.uuidString)", schoolID: item.schoolID,
                details: ["file": name, "bytes": String(data.count)])
        }
        return req.redirect(to: "/concerns/\(caseID.uuidString)", redirectType: .normal)
    }

    /// Downloads an evidence file, exactly as stored, as an attachment; every download is audited.
    func download(req: Request) async throws -> Response {
        let (item, visibility) = try await Self.find(req)
        guard case .full = visibility else { throw Abort(.notFound) }
        guard Self.steppedUp(req) else {
            return req.redirect(to: "/step-up?next=\(SafeRedirect.encode(req.url.path))", redirectType: .normal)
        }
        let caseID = try item.requireID()
        guard let id = req.parameters.get("evidenceID", as: UUID.self),
            let evidence = try await CaseEvidence.query(on: req.db).filter(\.$id == id).filter(\.$caseID == caseID)
                .first()
        else { throw Abort(.notFound) }
        try await req.write { _, audit in
            try await audit.append(
                "case.evidence_downloaded", target: "case:\(caseID.uuidString)", schoolID: item.schoolID,
                details: ["file": evidence.filename, "sha256": evidence.sha256])
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: evidence.contentType)
        let safeName = evidence.filename.filter { $0.isLetter || $0.isNumber || ".-_ ".contains($0) }
        headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"\(safeName.isEmpty ? "evidence" : safeName)\"")
        return Response(status: .ok, headers: headers, body: .init(data: evidence.data))
    }
}
