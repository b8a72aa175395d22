// Requests about a person's records (issue 17, items 4 and 5): the headteacher or HR records a request to see,
// correct or erase records, with its one-month deadline; produces the subject-access export (audited); and records
// how each request was answered, a refusal naming its basis and reason.

import Fluent
import StewardCore
import Vapor

struct RecordsRequestController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, RetentionPaths.requests, action: .handleRecordsRequests, use: list)
        routes.on(.POST, RetentionPaths.requests, action: .handleRecordsRequests, use: record)
        routes.on(.GET, RetentionPaths.request, action: .handleRecordsRequests, use: show)
        routes.on(.POST, RetentionPaths.export, action: .handleRecordsRequests, use: export)
        routes.on(.POST, RetentionPaths.close, action: .handleRecordsRequests, use: close)
        routes.on(.POST, RetentionPaths.erase, action: .eraseRecords, use: erase)
    }

    struct NewForm: Content {
        var kind: String?
        var person: String?
        var received: String?
        var details: String?
    }

    struct CloseForm: Content {
        var outcome: String?
        var basis: String?
        var reason: String?
    }

    func list(req: Request) async throws -> Response {
        let notice: String? = req.query[String.self, at: "done"] == "recorded" ? "The request is recorded." : nil
        return try await renderList(req, form: NewForm(), errors: [], notice: notice)
    }

    /// Records a new request about a person of the school the actor works in.
    func record(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let fields = try FormFields.read(req)
        let form = NewForm(
            kind: fields["kind"], person: fields["person"], received: fields["received"], details: fields["details"])
        var errors: [FieldError] = []
        let kind = form.kind.flatMap(RecordsRequestKind.init(rawValue:))
        if kind == nil { errors.append(FieldError("kind", "Choose what the person asked for.")) }
        var personID: UUID?
        if let id = form.person.flatMap(UUID.init(uuidString:)),
            try await Person.query(on: req.db).inSchool(actor.schoolID).filter(\.$id == id).first() != nil
        {
            personID = id
        } else {
            errors.append(FieldError("person", "Choose the person from the list."))
        }
        let school = try await School.find(actor.schoolID, on: req.db)
        let today = school?.clock.date(of: Date()) ?? CalendarDate(Date())
        var received: CalendarDate?
        switch TextRules.date(form.received, field: "received", label: "The day it was received", required: true) {
        case .success(let day):
            if let day, day > today {
                errors.append(FieldError("received", "The day it was received cannot be after today."))
            } else if let day, day < today.adding(days: -366) {
                errors.append(FieldError("received", "The day it was received must be within the last year."))
            } else {
                received = day
            }
        case .failure(let error): errors.append(error)
        }
        var details = ""
        switch TextRules.paragraph(
            form.details, field: "details", label: "What they asked for", required: kind != .access, maxLength: 4000)
        {
        case .success(let text): details = text
        case .failure(let error): errors.append(error)
        }
        guard errors.isEmpty, let kind, let personID, let received else {
            return try await renderList(req, form: form, errors: errors, status: .badRequest)
        }
        let schoolID = actor.schoolID
        let asked = details
        let id = try await req.write { db, audit in
            let request = RecordsRequest(
                schoolID: schoolID, personID: personID, kind: kind, receivedOn: received, details: asked,
                recordedBy: actor.personID)
            try await request.create(on: db)
            let id = try request.requireID()
            try await audit.append(
                "records.request_recorded", target: "person:\(personID.uuidString)", schoolID: schoolID,
                details: ["request": id.uuidString, "kind": kind.rawValue, "due": request.dueOn])
            return id
        }
        return req.redirect(to: RetentionPaths.request(id) + "?done=recorded", redirectType: .normal)
    }

    func show(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let request = try await req.record(RecordsRequest.self, "requestID", for: .handleRecordsRequests)
        var held: [HeldRecords]?
        if request.kind == .access, request.outcome == nil, request.personID != actor.personID {
            // The page counts what is held about them, confidential records included: a read, so audited, and one
            // that needs a code entered in the last 15 minutes when cases are among them, as a case's page does.
            let found = try await Features.heldRecords(about: request.personID, viewer: actor, on: req.db)
            if Self.holdsCaseRecords(found), !StepUp.isSatisfied(req) { return try await StepUp.answer(req) }
            held = found
            let id = try request.requireID()
            try await req.write { _, audit in
                try await audit.append(
                    "records.request_viewed", target: "person:\(request.personID.uuidString)",
                    schoolID: request.schoolID, details: ["request": id.uuidString])
            }
        }
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "recorded":
                "The request is recorded. It is on your home page, and HR's or the headteacher's, until it is answered."
            case "closed": "The answer is recorded."
            case "already":
                "Someone else answered this request first: their answer is below, and yours was not recorded."
            case "answered-first": "Someone answered this request while you were choosing: nothing was erased."
            case "erased":
                "The records are erased. Record the answer when you have told the person: if anything they asked to "
                    + "be erased is still kept, it was done in part."
            case "nothing-erased":
                "Nothing was erased: what you chose had gone already, or a legal hold now keeps it. The list below is "
                    + "as it stands now."
            default: nil
            }
        return try await renderShow(req, request, form: CloseForm(), errors: [], notice: notice, held: held)
    }

    /// Records how the request was answered: once; a refusal or partial answer says why, and, for erasure or
    /// rectification, names the line of the schedule or the legal hold that applies.
    func close(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let request = try await req.record(RecordsRequest.self, "requestID", for: .handleRecordsRequests)
        let requestID = try request.requireID()
        guard request.outcome == nil else {
            return req.redirect(to: RetentionPaths.request(requestID) + "?done=already", redirectType: .normal)
        }
        let fields = try FormFields.read(req)
        let form = CloseForm(outcome: fields["outcome"], basis: fields["basis"], reason: fields["reason"])
        guard request.personID != actor.personID else {
            return try await renderShow(
                req, request, form: form,
                errors: [
                    FieldError(
                        "outcome", "A request about yourself must be answered by someone else: HR or the headteacher.")
                ], status: .forbidden)
        }
        var errors: [FieldError] = []
        var reason = ""
        switch TextRules.paragraph(form.reason, field: "reason", label: "The reason", required: false, maxLength: 4000)
        {
        case .success(let text): reason = text
        case .failure(let error): errors.append(error)
        }
        let outcome = form.outcome.flatMap(RecordsRequestOutcome.init(rawValue:))
        let basis = (form.basis ?? "").isEmpty ? nil : form.basis
        if errors.isEmpty {
            errors = RecordsRequestRules.problems(
                kind: request.kind, outcome: outcome, basis: basis, reason: reason,
                schedule: Set(RetentionScheduleRule.defaults.map(\.key)))
        }
        if errors.isEmpty, outcome != .done, basis == RecordsRequestRules.legalHoldBasis,
            AccessPolicy.can(actor, .manageLegalHolds) != .allowed
        {
            // As if it were not offered, which it is not: whether a hold exists is not HR's to learn by trying.
            errors.append(
                FieldError(
                    "basis",
                    "Choose what applies: a line of the retention schedule, or the request is manifestly unfounded or "
                        + "excessive."))
        } else if errors.isEmpty, outcome != .done, request.kind != .access,
            basis == RecordsRequestRules.legalHoldBasis,
            try await !Self.heldAbout(request.personID, schoolID: request.schoolID, seenBy: actor, on: req.db),
            try await !Self.holdKeepsOwnRecords(request, seenBy: actor, on: req.db)
        {
            errors.append(
                FieldError(
                    "basis",
                    "No legal hold covers this person or a case about them: place one first, or choose another."))
        }
        guard errors.isEmpty, let outcome else {
            return try await renderShow(req, request, form: form, errors: errors, status: .badRequest)
        }
        let kept = outcome == .done || request.kind == .access ? nil : basis
        let why = reason
        let recorded = try await req.write { db, audit -> Bool in
            guard let fresh = try await RecordsRequest.find(requestID, on: db), fresh.outcome == nil else {
                return false
            }
            fresh.outcome = outcome
            fresh.basis = kept
            // "Done in full" needs no reason: one typed before the choice changed is not kept beside it.
            fresh.reason = why.isEmpty || outcome == .done ? nil : why
            fresh.closedAt = Date()
            fresh.closedBy = actor.personID
            try await fresh.update(on: db)
            try await audit.append(
                "records.request_answered", target: "person:\(fresh.personID.uuidString)", schoolID: fresh.schoolID,
                details: [
                    "request": requestID.uuidString, "kind": fresh.kind.rawValue, "outcome": outcome.rawValue,
                    "basis": kept ?? "",
                ])
            return true
        }
        // Someone else answered it first: say so, rather than that this answer was recorded.
        return req.redirect(
            to: RetentionPaths.request(requestID) + (recorded ? "?done=closed" : "?done=already"),
            redirectType: .normal)
    }

    /// Whether a standing legal hold that `actor` may know of covers `personID`: on them, or on a case they reported
    /// or that is about them. A hold on a case the actor may not know exists counts as no hold: otherwise a refusal
    /// "because of a legal hold" would be accepted or refused according to a case they must not learn of.
    static func heldAbout(
        _ personID: UUID, schoolID: UUID, seenBy actor: Actor, on db: any Database
    ) async throws
        -> Bool
    {
        let holds = try await LegalHold.query(on: db).inSchool(schoolID).filter(\.$liftedAt == nil).all()
        if holds.contains(where: { $0.personID == personID && personID != actor.personID }) { return true }
        let known = try await CaseSideDoors.knowable(
            Set(holds.compactMap(\.caseID)), to: actor.workingIn(schoolID), on: db)
        guard !known.isEmpty else { return false }
        return try await Case.query(on: db).filter(\.$id ~~ Array(known)).group(.or) {
            $0.filter(\.$reporterID == personID).filter(\.$subjectPersonID == personID)
        }.count() > 0
    }
}
