// One declaration: what was declared, who reviews it, its outcomes; recording an outcome; closing it when the
// relationship ends.

import Fluent
import StewardCore
import Vapor

extension DeclarationController {
    struct OutcomeRow: Encodable, Sendable {
        var kind: String
        var text: String
        var reviewOn: String
        var by: String
        var at: String
    }

    struct ShowContent: Encodable, Sendable {
        var id: String
        var party: String
        var name: String
        var pupil: String
        var nature: String
        var detail: String
        var since: String
        var platforms: [String]
        var declarer: String
        var declaredOn: String
        var mine: Bool
        var reviewer: String
        var status: String
        var outcomes: [OutcomeRow]
        var closedOn: String
        var mayRecord: Bool
        var mayClose: Bool
        /// Whether the closing form starts open: when it has just been refused.
        var closeOpen: Bool
        var choices: [Option]
        var outcomeForm: DeclarationOutcomeForm
        var closeForm: DeclarationCloseForm
        var today: String
        var errors: FormErrors
    }

    static func status(_ declaration: Declaration) -> String {
        if let closed = declaration.closedOn.flatMap(CalendarDate.init(parsing:)) {
            return "Ended on \(closed.longForm)"
        }
        return declaration.outcome?.title ?? "Waiting for review"
    }

    func showPage(
        _ req: Request, _ declaration: Declaration, outcomeForm: DeclarationOutcomeForm = .init(),
        closeForm: DeclarationCloseForm = .init(), errors: [FieldError] = [], notice: String? = nil
    ) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let id = try declaration.requireID()
        let outcomes = try await DeclarationOutcome.query(on: req.db).inSchool(declaration.schoolID)
            .filter(\.$declarationID == id).sort(\.$recordedAt).all()
        let ids = Set(
            [declaration.declarerID] + outcomes.map(\.recordedBy) + (declaration.reviewerID.map { [$0] } ?? []))
        let people = try await Person.query(on: req.db).inSchool(declaration.schoolID).filter(\.$id ~~ ids).all()
        func name(_ id: UUID?) -> String { people.first { $0.id == id }?.fullName ?? "" }
        let kind = Declarations.ReviewerKind(rawValue: declaration.reviewerKind)
        let reviewer =
            kind == .lineManager ? "\(name(declaration.reviewerID)) (line manager)" : (kind?.title ?? "")
        let choices = Declarations.outcomeChoices(declaration)
        let mayClose =
            !declaration.isClosed
            && (declaration.declarerID == actor.personID || Declarations.mayRecordOutcome(declaration, actor))
        let content = ShowContent(
            id: id.uuidString, party: declaration.partyKind.title, name: declaration.partyName,
            pupil: declaration.partyPupilLabel, nature: declaration.nature.title, detail: declaration.detail,
            since: declaration.sinceDate?.longForm ?? declaration.since,
            platforms: req.application.steward.platforms.titles(declaration.platformKeys),
            declarer: name(declaration.declarerID), declaredOn: Display.date(declaration.createdAt),
            mine: declaration.declarerID == actor.personID, reviewer: reviewer, status: Self.status(declaration),
            outcomes: outcomes.map {
                OutcomeRow(
                    kind: $0.kind.title, text: $0.text,
                    reviewOn: $0.reviewOn.flatMap(CalendarDate.init(parsing:))?.longForm ?? "", by: name($0.recordedBy),
                    at: Display.time($0.recordedAt))
            }, closedOn: declaration.closedOn.flatMap(CalendarDate.init(parsing:))?.longForm ?? "",
            mayRecord: Declarations.mayRecordOutcome(declaration, actor), mayClose: mayClose,
            closeOpen: errors.contains { $0.field == "endedOn" },
            choices: choices.map {
                Option(value: $0.rawValue, title: $0.title, selected: outcomeForm.outcome == $0.rawValue)
            }, outcomeForm: outcomeForm, closeForm: closeForm, today: Display.today.description,
            errors: FormErrors(errors))
        let done = req.query[String.self, at: "done"] ?? ""
        let notices = [
            "declared":
                "Your declaration has been sent to \(kind == .lineManager ? name(declaration.reviewerID) : "the " + (kind?.title.lowercased() ?? "reviewer")). You will get an email when they record the outcome.",
            "recorded": "The outcome is recorded, and the person who declared it has been told.",
            "closed": "The declaration is closed. It stays on record.",
        ]
        return try await req.page(
            "declarations/show", title: "Declaration: \(declaration.partyKind.title.lowercased())", content,
            status: errors.isEmpty ? .ok : .badRequest, notice: notice ?? notices[done])
    }

    func show(req: Request) async throws -> Response {
        try await showPage(req, try await Declarations.find(req))
    }

    /// The reviewer (or whoever it was passed to) records an outcome; the declarer is told, and whoever it is passed
    /// to is told.
    func recordOutcome(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let declaration = try await Declarations.find(req, for: .reviewDeclarations)
        let form = try req.content.decode(DeclarationOutcomeForm.self)
        guard Declarations.mayRecordOutcome(declaration, actor) else {
            return try await showPage(
                req, declaration, outcomeForm: form,
                errors: [
                    FieldError(
                        "outcome",
                        declaration.isClosed
                            ? "This declaration is closed; no outcome can be added."
                            : "Only the person this declaration is routed to can record its outcome.")
                ])
        }
        let today = Display.today
        let valid: DeclarationOutcomeForm.Valid
        switch form.validate(choices: Declarations.outcomeChoices(declaration), today: today) {
        case .failure(let invalid):
            return try await showPage(req, declaration, outcomeForm: form, errors: invalid.errors)
        case .success(let v): valid = v
        }
        // Passing it on needs someone to pass it to who may see it: not its declarer, never its other party.
        if let role: Role = valid.kind == .passedToSafeguarding
            ? .safeguardingLead : valid.kind == .passedToHeadteacher ? .headteacher : nil
        {
            let excluded = Set([declaration.declarerID] + (declaration.partyPersonID.map { [$0] } ?? []))
            let holders = Set(try await Declarations.holders(of: role, in: declaration.schoolID, on: req.db))
            if holders.subtracting(excluded).isEmpty {
                return try await showPage(
                    req, declaration, outcomeForm: form,
                    errors: [
                        FieldError(
                            "outcome",
                            "Nobody else holds the \(role.title.lowercased()) role here, or it is about them: record "
                                + "what you decided yourself, or ask HR.")
                    ])
            }
        }
        let base = req.application.steward.config.baseURL
        let id = try declaration.requireID()
        try await req.write { db, audit in
            let fresh = try await Declarations.current(declaration, on: db) { Declarations.mayRecordOutcome($0, actor) }
            try await DeclarationOutcome(
                schoolID: fresh.schoolID, declarationID: id, kind: valid.kind, text: valid.text,
                reviewOn: valid.reviewOn?.description, recordedBy: actor.personID
            ).create(on: db)
            fresh.outcome = valid.kind
            if valid.kind == .passedToSafeguarding { fresh.passedToSafeguarding = true }
            fresh.reviewOn = valid.kind == .plan ? valid.reviewOn?.description : nil
            fresh.updatedAt = Date()
            try await fresh.update(on: db)
            try await audit.append(
                "declaration.outcome_recorded", target: "declaration:\(id.uuidString)", schoolID: fresh.schoolID,
                details: ["outcome": valid.kind.rawValue, "review_on": valid.reviewOn?.description ?? ""])
            try await DeclarationMail.toDeclarer(fresh, base: base, on: db)
            switch valid.kind {
            case .passedToHeadteacher: try await DeclarationMail.passedOn(fresh, to: .headteacher, base: base, on: db)
            case .passedToSafeguarding:
                try await DeclarationMail.passedOn(fresh, to: .safeguardingLead, base: base, on: db)
            default: break
            }
        }
        return req.redirect(to: DeclarationPaths.show(id) + "?done=recorded", redirectType: .normal)
    }

    /// Closes a declaration when the relationship ends, with the day it ended: on or after the day it began, not
    /// after today. It stays on record.
    func close(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let declaration = try await Declarations.find(req)
        let form = try req.content.decode(DeclarationCloseForm.self)
        let may: @Sendable (Declaration) -> Bool = { d in
            !d.isClosed && (d.declarerID == actor.personID || Declarations.mayRecordOutcome(d, actor))
        }
        guard may(declaration) else {
            return try await showPage(
                req, declaration, closeForm: form,
                errors: [
                    FieldError(
                        "endedOn",
                        declaration.isClosed
                            ? "This declaration is already closed."
                            : "Only the person who declared it, or the person reviewing it, can close it.")
                ])
        }
        let today = Display.today
        var ended: CalendarDate?
        var errors: [FieldError] = []
        switch TextRules.date(form.endedOn, field: "endedOn", label: "The day it ended", required: true) {
        case .success(let value): ended = value
        case .failure(let error): errors.append(error)
        }
        if let day = ended, day > today || (declaration.sinceDate.map { day < $0.earliest } ?? false) {
            errors.append(FieldError("endedOn", "The day it ended must be between the day it began and today."))
        }
        guard errors.isEmpty, let ended else {
            return try await showPage(req, declaration, closeForm: form, errors: errors)
        }
        let id = try declaration.requireID()
        try await req.write { db, audit in
            let fresh = try await Declarations.current(declaration, on: db, may)
            fresh.closedOn = ended.description
            fresh.closedBy = actor.personID
            fresh.reviewOn = nil
            fresh.updatedAt = Date()
            try await fresh.update(on: db)
            try await audit.append(
                "declaration.closed", target: "declaration:\(id.uuidString)", schoolID: fresh.schoolID,
                details: ["ended_on": ended.description])
        }
        return req.redirect(to: DeclarationPaths.show(id) + "?done=closed", redirectType: .normal)
    }
}
