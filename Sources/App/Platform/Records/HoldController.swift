// Legal holds (issue 17): the headteacher or a trust administrator places a hold, with a reason, on a case or on
// everything about a person, and lifts it with a reason; while it stands, the purge removes nothing it covers.

import Fluent
import StewardCore
import Vapor

struct HoldController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, RetentionPaths.holds, action: .manageLegalHolds, use: page)
        routes.on(.POST, RetentionPaths.holds, action: .manageLegalHolds, use: place)
        routes.on(.POST, RetentionPaths.lift, action: .manageLegalHolds, use: lift)
    }

    struct PlaceForm: Content {
        var on: String?
        var reference: String?
        var person: String?
        var reason: String?
    }

    struct LiftForm: Content {
        var reason: String?
    }

    func page(req: Request) async throws -> Response {
        let reference = req.query[String.self, at: "case"]
        let form = PlaceForm(on: reference == nil ? nil : "case", reference: reference)
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "placed": "The hold is placed: nothing it covers will be removed until it is lifted."
            case "lifted": "The hold is lifted: what it covered follows the retention schedule again."
            case "already-placed":
                "Someone else placed a hold on it at the same moment: theirs stands, listed below, and yours was not "
                    + "added."
            case "already-lifted": "Someone else lifted this hold first: their reason is recorded, and yours was not."
            default: nil
            }
        return try await render(req, form: form, errors: [], notice: notice)
    }

    /// Places a hold on a case of the school (found by its reference, and only one the actor may know of) or on a
    /// person of the school.
    func place(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let fields = try FormFields.read(req)
        let form = PlaceForm(
            on: fields["on"], reference: fields["reference"], person: fields["person"], reason: fields["reason"])
        var errors: [FieldError] = []
        var caseID: UUID?
        var personID: UUID?
        switch form.on {
        case "case":
            let reference = (form.reference ?? "").trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
            if reference.isEmpty {
                errors.append(FieldError("reference", "Enter the case's reference, such as C-2026-K7QXM."))
            } else if reference.count > 40 {
                errors.append(FieldError("reference", "No case with that reference is in this school."))
            } else {
                let found = try await Case.query(on: req.db).inSchool(actor.schoolID).filter(\.$reference == reference)
                    .first()
                if let id = found?.id,
                    try await CaseSideDoors.knowable([id], to: actor.workingIn(actor.schoolID), on: req.db)
                        .contains(id)
                {
                    caseID = id
                } else {
                    errors.append(FieldError("reference", "No case with that reference is in this school."))
                }
            }
        case "person":
            if let id = form.person.flatMap(UUID.init(uuidString:)), id == actor.personID {
                // Nobody places, reads or lifts a hold on themselves (as on a case about them).
                errors.append(FieldError("person", "A hold on yourself is placed by someone else."))
            } else if let id = form.person.flatMap(UUID.init(uuidString:)),
                try await Person.query(on: req.db).inSchool(actor.schoolID).filter(\.$id == id).first() != nil
            {
                personID = id
            } else {
                errors.append(FieldError("person", "Choose a person from the list."))
            }
        default:
            errors.append(FieldError("on", "Choose whether the hold is on a case or on a person."))
        }
        var reason = ""
        switch TextRules.paragraph(form.reason, field: "reason", label: "The reason", maxLength: 2000) {
        case .success(let text): reason = text
        case .failure(let error): errors.append(error)
        }
        if errors.isEmpty {
            let standing = try await LegalHold.query(on: req.db).inSchool(actor.schoolID).filter(\.$liftedAt == nil)
                .all()
            if let caseID, standing.contains(where: { $0.caseID == caseID }) {
                errors.append(FieldError("reference", "That case is already held: its hold is listed above."))
            }
            if let personID, standing.contains(where: { $0.personID == personID }) {
                errors.append(FieldError("person", "Everything about that person is already held: see above."))
            }
        }
        guard errors.isEmpty else { return try await render(req, form: form, errors: errors, status: .badRequest) }
        let schoolID = actor.schoolID
        let (chosenCase, chosenPerson, why) = (caseID, personID, reason)
        let placed = try await req.write { db, audit -> Bool in
            // Checked again inside the write, which writers take one at a time: two at once make one hold, and the
            // second is told so rather than that theirs was placed.
            let already = try await LegalHold.query(on: db).inSchool(schoolID).filter(\.$liftedAt == nil).all()
                .contains {
                    ($0.caseID != nil && $0.caseID == chosenCase) || ($0.personID != nil && $0.personID == chosenPerson)
                }
            if already { return false }
            let hold = LegalHold(
                schoolID: schoolID, caseID: chosenCase, personID: chosenPerson, reason: why, placedBy: actor.personID)
            try await hold.create(on: db)
            try await audit.append(
                "records.hold_placed", target: hold.target, schoolID: schoolID,
                details: ["hold": try hold.requireID().uuidString, "reason": why])
            try await RecordsPurge.refreshList(schoolID: schoolID, on: db)
            return true
        }
        return req.redirect(
            to: RetentionPaths.holds() + (placed ? "?done=placed" : "?done=already-placed"), redirectType: .normal)
    }

    /// Lifts a standing hold, with a reason; one of another school, or one on a case the actor may not know of, is
    /// not found.
    func lift(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        // Only a hold of the school being worked in: the page lists no other.
        let hold = try await req.record(LegalHold.self, "holdID", for: .manageLegalHolds, within: .currentSchool)
        if let caseID = hold.caseID,
            !(try await CaseSideDoors.knowable([caseID], to: actor, on: req.db).contains(caseID))
        {
            throw Abort(.notFound)
        }
        // A hold on the actor themselves is someone else's to lift, as one on a case about them is.
        if hold.personID == actor.personID { throw Abort(.notFound) }
        guard hold.liftedAt == nil else {
            return req.redirect(to: RetentionPaths.holds() + "?done=already-lifted", redirectType: .normal)
        }
        let field = "lift-\(try hold.requireID().uuidString)"
        let fields = try FormFields.read(req)
        let form = LiftForm(reason: fields["reason"])
        var reason = ""
        switch TextRules.paragraph(form.reason, field: field, label: "The reason for lifting it", maxLength: 2000) {
        case .success(let text): reason = text
        case .failure(let error):
            return try await render(req, form: PlaceForm(), errors: [error], status: .badRequest)
        }
        let why = reason
        let holdID = try hold.requireID()
        let lifted = try await req.write { db, audit -> Bool in
            guard let fresh = try await LegalHold.find(holdID, on: db), fresh.liftedAt == nil else { return false }
            fresh.liftedAt = Date()
            fresh.liftedBy = actor.personID
            fresh.liftReason = why
            try await fresh.update(on: db)
            try await audit.append(
                "records.hold_lifted", target: fresh.target, schoolID: fresh.schoolID,
                details: ["hold": holdID.uuidString, "reason": why])
            try await RecordsPurge.refreshList(schoolID: fresh.schoolID, on: db)
            return true
        }
        return req.redirect(
            to: RetentionPaths.holds() + (lifted ? "?done=lifted" : "?done=already-lifted"), redirectType: .normal)
    }
}
