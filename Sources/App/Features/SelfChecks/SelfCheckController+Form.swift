// Completing this term's check: choose platforms (a plain GET form, prefilled from the last check), answer the items,
// then the contact question; "yes" goes straight on to the concern form (4.3).

import Fluent
import StewardCore
import Vapor

extension SelfCheckController {
    /// Why `actor` cannot start a check today, if they cannot.
    func closedReason(
        _ req: Request, actor: Actor, open: (term: SchoolTerm, round: Int)?
    ) async throws -> String? {
        guard let open else {
            return "No term is open today, so there is no check to complete. It opens on the first day of term."
        }
        if let done = try await SelfCheck.query(on: req.db).inSchool(of: actor).filter(\.$personID == actor.personID)
            .filter(\.$round == open.round).first()
        {
            return "You completed \(open.term.name)'s check on \(Display.date(done.completedAt)). Thank you."
        }
        return nil
    }

    func newCheck(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let settings = try await SelfCheckSettings.of(actor.schoolID, on: req.db)
        let open = Self.openTerm(settings, today: Display.today)
        if let closed = try await closedReason(req, actor: actor, open: open) {
            return try await platformsPage(req, form: SelfCheckForm(), closed: closed, termName: "", errors: [])
        }
        var form = (try? req.query.decode(SelfCheckForm.self)) ?? SelfCheckForm()
        guard req.query[String.self, at: "step"] == "questions" else {
            // Prefilled from their last check, so a quick check stays quick.
            if form.platforms == nil && !form.usesNone,
                let last = try await SelfCheck.query(on: req.db).inSchool(of: actor)
                    .filter(\.$personID == actor.personID).sort(\.$completedAt, .descending).first()
            {
                form.platforms = last.platformKeys
                form.none = last.platformKeys.isEmpty ? "1" : nil
            }
            return try await platformsPage(
                req, form: form, closed: "", termName: open?.term.name ?? "", errors: [])
        }
        switch form.choosePlatforms(from: req.application.steward.platforms) {
        case .failure(let error):
            return try await platformsPage(
                req, form: form, closed: "", termName: open?.term.name ?? "", errors: [error])
        case .success(let platforms):
            form.term = open.map { String($0.round) }
            form.answers = nil
            return try await questionsPage(req, form: form, platforms: platforms, open: open, errors: [])
        }
    }

    func create(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let settings = try await SelfCheckSettings.of(actor.schoolID, on: req.db)
        let open = Self.openTerm(settings, today: Display.today)
        let known = req.application.steward.platforms
        guard let form = try? req.content.decode(SelfCheckForm.self) else {
            return try await questionsPage(
                req, form: SelfCheckForm(), platforms: [], open: open,
                errors: [FieldError("platforms", "The check could not be read. Start it again.")])
        }
        let shown = (try? form.choosePlatforms(from: known).get()) ?? []
        let valid: SelfCheckForm.Valid
        switch form.validate(known: known, open: open) {
        case .failure(let invalid):
            return try await questionsPage(req, form: form, platforms: shown, open: open, errors: invalid.errors)
        case .success(let v): valid = v
        }
        if let closed = try await closedReason(req, actor: actor, open: open) {
            return try await questionsPage(
                req, form: form, platforms: shown, open: open, errors: [FieldError("term", closed)])
        }
        let link = req.application.steward.config.baseURL.address(of: SelfCheckPaths.help())
        let schoolID = actor.schoolID
        do {
            try await req.write { db, audit in
                try await SelfChecks.record(valid, person: person, schoolID: schoolID, link: link, on: db, audit: audit)
            }
        } catch {
            // Two submissions at once: the unique index lets one through; the other is told it is already done.
            guard let closed = try await closedReason(req, actor: actor, open: open) else { throw error }
            return try await questionsPage(
                req, form: form, platforms: shown, open: open, errors: [FieldError("term", closed)])
        }
        if valid.contacted {
            return req.redirect(
                to: ConcernPaths.new()
                    + "?category=\(ConcernCategory.contactFromPupilOrFamily.rawValue)&from=self-check",
                redirectType: .normal)
        }
        let needsHelp = valid.answers.contains { $0.answer == .help }
        return req.redirect(
            to: SelfCheckPaths.list() + (needsHelp ? "?done=help" : "?done=completed"), redirectType: .normal)
    }
}
