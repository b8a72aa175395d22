// Handling a case: moving it on with a reason, recording steps and corrections, adding people and evidence, and
// downloading evidence; every write audited.

import Crypto
import Fluent
import StewardCore
import Vapor

extension ConcernController {
    /// The case, for someone who may handle it (the route declares the step-up, which `find` enforces).
    func handled(_ req: Request) async throws -> Case {
        let (item, visibility) = try await Cases.find(req)
        guard case .full(true) = visibility else { throw Abort(.forbidden) }
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
        // An outcome chosen for any other move would be dropped without a word: said, so nothing is lost unseen.
        if let to, to != .outcome, !(form.outcome ?? "").isEmpty {
            errors.append(
                FieldError(
                    "outcome",
                    "An outcome is recorded only when the case moves to “\(CaseState.outcome.title)”: choose that, or "
                        + "leave the outcome empty."))
        }
        if !errors.isEmpty {
            return try await showPage(
                req, errors: errors, status: .badRequest,
                form: ["to": form.to ?? "", "reason": form.reason ?? "", "outcome": form.outcome ?? ""])
        }
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
        let count = try await CaseEntry.query(on: req.db).filter(\.$caseID == caseID).count()
        return req.redirect(
            to: ConcernPaths.show(caseID) + "?done=moved&entry=\(count)#entry-\(count)", redirectType: .normal)
    }

    struct EntryForm: Content {
        var action: String?
        var text: String?
        var reference: String?
        var corrects: String?
        /// The published governors' report that informed governors (a "governors informed" step, or its correction).
        var report: String?
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
        var correctsAction: CaseActionKind?
        if let raw = form.corrects, !raw.isEmpty {
            let entries = try await CaseEntry.query(on: req.db).filter(\.$caseID == caseID).sort(\.$createdAt).all()
            if let n = Int(raw.replacingOccurrences(of: "entry-", with: "")), n >= 1, n <= entries.count {
                corrects = entries[n - 1].id
                correctsAction = entries[n - 1].action
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
            errors.append(FieldError("reference", "Give the reference the LADO gave you."))
        }
        // A report is named only for governors informed, and only one the school has published.
        var report: UUID?
        let typedReport = (form.report ?? "").trimmingCharacters(in: .whitespaces)
        if action == .governorsInformed && corrects == nil && typedReport.isEmpty && reference.isEmpty
            && !errors.contains(where: { $0.field == "reference" })
        {
            errors.append(
                FieldError(
                    "report", "Choose the report that told them, or give the meeting and its date as the reference."))
        }
        if !typedReport.isEmpty {
            let informing = corrects == nil ? action == .governorsInformed : correctsAction == .governorsInformed
            let published = try await PublishedReports.names(of: item.schoolID, on: req.db).map(\.id)
            if !informing {
                errors.append(
                    FieldError("report", "Name a report only for \"Governors informed\", or a correction of it."))
            } else if let id = UUID(uuidString: typedReport), id.uuidString == typedReport.uppercased(),
                published.contains(id)
            {
                report = id
            } else {
                errors.append(FieldError("report", "Choose one of the school's published reports."))
            }
        }
        if !errors.isEmpty {
            return try await showPage(
                req, errors: errors, status: .badRequest,
                form: [
                    "action": form.action ?? "", "text": form.text ?? "", "reference": form.reference ?? "",
                    "corrects": form.corrects ?? "", "report": typedReport,
                ])
        }
        let authorID = try person.requireID()
        let (corrected, body, externalReference, named) = (corrects, text, reference, report)
        try await req.write { db, audit in
            let entry = CaseEntry(
                caseID: caseID, kind: corrected == nil ? "action" : "correction", text: body, authorID: authorID)
            entry.action = corrected == nil ? action : nil
            entry.externalReference = externalReference.isEmpty ? nil : externalReference
            entry.correctsID = corrected
            entry.reportID = named
            try await entry.create(on: db)
            item.lastEntryAt = Date()
            try await item.update(on: db)
            try await audit.append(
                corrected == nil ? "case.step_recorded" : "case.entry_corrected", target: "case:\(caseID.uuidString)",
                schoolID: item.schoolID,
                details: ["action": action?.rawValue ?? "correction", "report": named?.uuidString ?? ""])
        }
        let count = try await CaseEntry.query(on: req.db).filter(\.$caseID == caseID).count()
        return req.redirect(
            to: ConcernPaths.show(caseID) + "?done=recorded&entry=\(count)#entry-\(count)", redirectType: .normal)
    }

    struct MemberForm: Content { var person: String? }

    /// Adds HR or a colleague to the case: from now on they see it (never the person it is about).
    func addMember(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        let item = try await handled(req)
        let caseID = try item.requireID()
        let form = try req.content.decode(MemberForm.self)
        guard let id = form.person.flatMap(UUID.init(uuidString:)),
            let member = try await Person.query(on: req.db).filter(\.$id == id).inSchool(item.schoolID)
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
        return req.redirect(to: ConcernPaths.show(caseID), redirectType: .normal)
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
        switch Cases.checkEvidence(upload) {
        case .success(let checked): (name, type) = (checked.name, checked.type)
        case .failure(let error): return try await showPage(req, errors: [error], status: .badRequest)
        }
        let data = try upload.data()
        let personID = try person.requireID()
        try await req.write { db, audit in
            try await Cases.storeEvidence(caseID: caseID, name: name, type: type, data: data, by: personID, on: db)
            try await CaseEntry(caseID: caseID, kind: "evidence", text: name, authorID: personID).create(on: db)
            item.lastEntryAt = Date()
            try await item.update(on: db)
            try await audit.append(
                "case.evidence_added", target: "case:\(caseID.uuidString)", schoolID: item.schoolID,
                details: ["file": name, "bytes": String(data.count)])
        }
        return req.redirect(to: ConcernPaths.show(caseID), redirectType: .normal)
    }

    /// Downloads an evidence file, exactly as stored, as an attachment; every download is audited.
    func download(req: Request) async throws -> Response {
        let (item, visibility) = try await Cases.find(req)
        guard case .full = visibility else { throw Abort(.notFound) }
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
