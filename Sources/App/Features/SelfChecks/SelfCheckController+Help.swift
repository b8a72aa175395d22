// Requests for help with privacy settings: the online-safety lead (and the headteacher) sees them, follows each up
// and closes it with a note. Nobody else sees that anyone asked.

import Fluent
import StewardCore
import Vapor

extension SelfCheckController {
    /// Checks that the actor follows up the requests for help of `schoolID` (anyone else: 404).
    static func requireFollowUp(_ req: Request, schoolID: UUID) async throws {
        let (actor, _) = try req.requireActor()
        let settings = try await SelfCheckSettings.of(schoolID, on: req.db)
        guard try await SelfChecks.mayFollowUp(actor, schoolID: schoolID, settings: settings, on: req.db) else {
            throw Abort(.notFound)
        }
    }

    func helpList(req: Request) async throws -> Response {
        try await helpPage(req, errors: [])
    }

    func helpPage(_ req: Request, errors: [FieldError]) async throws -> Response {
        let (actor, _) = try req.requireActor()
        try await Self.requireFollowUp(req, schoolID: actor.schoolID)
        let open = try await SelfCheckHelp.query(on: req.db).inSchool(of: actor).filter(\.$closedAt == nil)
            .sort(\.$createdAt).all()
        let closed = try await SelfCheckHelp.query(on: req.db).inSchool(of: actor).filter(\.$closedAt != nil)
            .sort(\.$closedAt, .descending).limit(20).all()
        let all = open + closed
        let ids = Set(all.flatMap { [$0.personID, $0.leadID] + ($0.closedBy.map { [$0] } ?? []) })
        let people = try await Person.query(on: req.db).inSchool(of: actor).filter(\.$id ~~ ids).all()
        func name(_ id: UUID?) -> String { people.first { $0.id == id }?.fullName ?? "Someone" }
        let checks = try await SelfCheck.query(on: req.db).inSchool(of: actor).filter(\.$id ~~ Set(open.map(\.checkID)))
            .all()
        let platforms = req.application.steward.platforms
        let rows = all.map { task in
            let id = task.id?.uuidString ?? ""
            return TaskRow(
                id: id, noteField: "note-\(id)", person: name(task.personID), lead: name(task.leadID),
                asked: Display.date(task.createdAt),
                platforms: Self.grouped(task.itemList, platforms: platforms),
                note: checks.first { $0.id == task.checkID }?.note ?? "", closed: Display.date(task.closedAt),
                closedBy: task.closedBy == nil ? "" : name(task.closedBy), closeNote: task.closeNote ?? "")
        }
        let notice: String? = req.query[String.self, at: "done"] == "closed" ? "Closed. Thank you." : nil
        return try await req.page(
            "selfchecks/help", title: "Requests for help with privacy settings",
            HelpContent(
                open: rows.filter { $0.closed.isEmpty }, closed: rows.filter { !$0.closed.isEmpty },
                errors: FormErrors(errors)), status: errors.isEmpty ? .ok : .badRequest, notice: notice)
    }

    struct CloseForm: Content { var note: String? }

    func closeHelp(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let task = try await req.record(SelfCheckHelp.self, "taskID", for: .followUpSelfCheckHelp)
        try await Self.requireFollowUp(req, schoolID: task.schoolID)
        let taskID = try task.requireID()
        let form = (try? req.content.decode(CloseForm.self)) ?? CloseForm()
        let note: String
        switch TextRules.paragraph(
            form.note, field: "note-\(taskID.uuidString)", label: "What was done", maxLength: 1_000)
        {
        case .success(let text): note = text
        case .failure(let error): return try await helpPage(req, errors: [error])
        }
        if task.closedAt == nil {
            let link = req.application.steward.config.baseURL.address(of: SelfCheckPaths.show(task.checkID))
            try await req.write { db, audit in
                task.closedAt = Date()
                task.closedBy = actor.personID
                task.closeNote = note
                try await task.update(on: db)
                try await audit.append(
                    "self_check.help_closed", target: "self_check_help:\(taskID.uuidString)",
                    schoolID: task.schoolID, details: ["person": task.personID.uuidString])
                // The person who asked is told it has been followed up: a link, never what was done.
                if let person = try await Person.query(on: db).inSchool(task.schoolID)
                    .filter(\.$id == task.personID).filter(\.$active == true).first()
                {
                    try await Outbox.enqueue(
                        on: db, schoolID: task.schoolID, kind: "self_check_help_closed", to: person.email,
                        subject: "Your request for help with your privacy settings",
                        body: "Hello \(person.forename),\n\nYour request for help with your privacy settings has been "
                            + "followed up. You can read what was done here:\n\n\(link)\n\nSteward")
                }
            }
        }
        return req.redirect(to: SelfCheckPaths.help() + "?done=closed", redirectType: .normal)
    }

    struct TaskRow: Encodable, Sendable {
        var id: String
        var noteField: String
        var person: String
        var lead: String
        var asked: String
        var platforms: [PlatformAnswers]
        var note: String
        var closed: String
        var closedBy: String
        var closeNote: String
    }

    struct HelpContent: Encodable, Sendable {
        var open: [TaskRow]
        var closed: [TaskRow]
        var errors: FormErrors
    }
}
