// Reporting a concern, for the page and the API alike: every field checked, the case and its evidence written
// with their audit entries in one transaction, and the handling team told by mail with a reference only.

import Crypto
import Fluent
import StewardCore
import Vapor

extension Cases {
    /// Checks a report and, when it is sound, creates the case, its first entry and evidence, tells the handlers and
    /// audits it, all in one transaction; otherwise every problem and nothing written. Shared by the page and the API.
    static func report(
        _ req: Request, form: CaseReportForm, files uploads: [SpooledFile] = []
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
        let platform = CaseReportForm.platforms.contains(form.platform ?? "") ? form.platform ?? "" : ""
        if platform.isEmpty { errors.append(FieldError("platform", "Choose where it happened.")) }
        let involved = CaseReportForm.involvedKinds.map(\.0).contains(form.involved ?? "") ? form.involved ?? "" : ""
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
        // Two questions answered yes or no, or left unanswered: anything else is refused, not quietly dropped.
        for (value, field, question) in [
            (form.blocked, "blocked", "whether you blocked them"),
            (form.reportedToPlatform, "reported_to_platform", "whether you reported it to the platform"),
        ] where !["", "yes", "no"].contains(value ?? "") {
            errors.append(FieldError(field, "Answer yes or no to \(question), or leave it unanswered."))
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
            // Clause 4.3: contact from a pupil or their family is reported "to their line manager". The line manager
            // is told that a report was made, by reference only: the case stays with those who handle it.
            if item.category == .contactFromPupilOrFamily {
                try await Self.tellLineManager(of: person, about: item, handlers: handlers, on: db)
            }
            try await audit.append(
                "case.reported", target: "case:\(caseID.uuidString)",
                details: [
                    "reference": item.reference, "category": item.category.rawValue, "evidence": String(evidence.count),
                ])
        }
        return .success(item)
    }

    /// Mails the reporter's line manager that they reported contact from a pupil or family (clause 4.3): the reference
    /// and who handles it, never what happened, and no link (the line manager does not see the case). Not when the
    /// line manager handles it anyway, has left, or is someone the case must stay hidden from (the person it is about,
    /// or a headteacher when it is about a headteacher): even its reference would tell them it exists.
    static func tellLineManager(
        of reporter: Person, about item: Case, handlers: [Person], on db: any Database
    ) async throws {
        guard let managerID = reporter.$lineManager.id, managerID != item.subjectPersonID,
            !handlers.contains(where: { $0.id == managerID }),
            let manager = try await Person.query(on: db).inSchool(item.schoolID).filter(\.$id == managerID)
                .filter(\.$active == true).first()
        else { return }
        let managerActor = try await ActorLoader.load(person: manager, currentSchoolID: item.schoolID, on: db)
        guard
            CaseAccess.mayLearnItExists(
                schoolID: item.schoolID, subjectIDs: item.subjectPersonID.map { [$0] } ?? [],
                aboutHeadteacher: item.aboutHeadteacher, for: managerActor)
        else { return }
        try await Outbox.enqueue(
            on: db, schoolID: item.schoolID, caseID: try item.requireID(), kind: "case_line_manager",
            to: manager.email, subject: "Someone you manage made a report (\(item.reference))",
            body: "Hello \(manager.forename),\n\n\(reporter.fullName) has reported contact on social media from a "
                + "pupil or a pupil's family, as clause 4.3 of the policy asks. Those who handle concerns at the school "
                + "are dealing with it, under reference \(item.reference); you need do nothing unless they ask you. "
                + "Please keep it confidential.\n\nSteward")
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
}
