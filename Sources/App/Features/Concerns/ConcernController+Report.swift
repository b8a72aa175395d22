// Reporting a concern: the form, its checks, the new case and its evidence, and who is told.

import Crypto
import Fluent
import StewardCore
import Vapor

extension ConcernController {
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
        let people = try await Person.query(on: req.db).inSchool(of: actor)
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
            return req.redirect(to: ConcernPaths.list() + "?done=reported&ref=\(item.reference)", redirectType: .normal)
        }
    }

    /// Checks a report and, when it is sound, creates the case, its first entry and evidence, tells the handlers and
    /// audits it, all in one transaction; otherwise every problem and nothing written. Shared by the page and the API.
    static func createCase(
        _ req: Request, form: ReportForm, files uploads: [SpooledFile] = []
    ) async throws -> Result<Case, InvalidInput> {
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
            if let date, date > Display.today {
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
                    try await SchoolScope.find(Person.self, id, for: actor.workingIn(actor.schoolID), on: req.db)
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
            let matches = try await RosterPupil.query(on: req.db).inSchool(of: actor).all().filter {
                ScreeningContext.fold("\($0.legalForename) \($0.legalSurname)") == folded
                    || ScreeningContext.fold("\($0.preferredForename ?? $0.legalForename) \($0.legalSurname)") == folded
            }
            if matches.count == 1 { pupilID = matches[0].id }
        }
        var aboutHead = false
        if let subject {
            aboutHead =
                try await RoleAssignment.query(on: req.db).filter(\.$person.$id == (try subject.requireID()))
                .heldIn(actor.schoolID).filter(\.$role == .headteacher).count() > 0
        }
        let item = Case()
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
}
