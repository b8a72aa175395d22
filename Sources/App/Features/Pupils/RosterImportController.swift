// The roster import page: upload the pupil roster, see what it would change, then confirm or cancel.

import Fluent
import StewardCore
import Vapor

struct RosterImportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, PupilPaths.importPage, action: .importRoster, use: form)
        routes.on(.POST, PupilPaths.importPage, action: .importRoster, upload: "11mb", use: upload)
        routes.on(.POST, PupilPaths.applyImport, action: .importRoster, use: apply)
        routes.on(.POST, PupilPaths.cancelImport, action: .importRoster, use: cancel)
    }

    static let empty = Content(
        errors: [], importID: nil, additions: [], changes: [], removals: [], unchanged: 0, result: nil)

    func form(req: Request) async throws -> Response {
        try await req.page("pupils/import", title: "Import the pupil roster", Self.empty)
    }

    struct UploadForm: Vapor.Content {
        var full: String?
    }

    func upload(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let form = try req.uploadForm(UploadForm.self)
        var content = Self.empty
        guard let file = req.uploadedFiles("file").first(where: { $0.size > 0 }) else {
            content.errors = ["Choose a CSV file to upload."]
            return try await req.page("pupils/import", title: "Import the pupil roster", content, status: .badRequest)
        }
        let bytes = try file.bytes()
        let full = form.full == "yes"
        guard let school = try await School.find(actor.schoolID, on: req.db) else { throw Abort(.notFound) }
        let outcome = try await PupilRosterImport.run(
            bytes, school: school, dryRun: true, fullImport: full, on: req.db, context: req.auditContext)
        guard case .planned = outcome else {
            if case .rejected(let lines) = outcome { content.errors = lines }
            return try await req.page("pupils/import", title: "Import the pupil roster", content, status: .badRequest)
        }
        let pending = PendingImport(
            schoolID: actor.schoolID, personID: try person.requireID(), kind: "pupils", content: Data(bytes),
            fullImport: full, createdAt: Date())
        try await req.write { db, audit in
            try await pending.create(on: db)
            try await audit.append(
                "import.pupils.previewed", target: "pending_import:\(pending.id?.uuidString ?? "")",
                details: ["bytes": String(bytes.count), "full": full ? "yes" : "no"])
        }
        return try await req.page(
            "pupils/import", title: "Check the roster import", try await preview(pending, req: req))
    }

    private func preview(_ pending: PendingImport, req: Request) async throws -> Content {
        let rows = try await RosterPupil.query(on: req.db).inSchool(pending.$school.id).all()
        guard
            let plan = try await PupilRosterImport.plan(
                Array(pending.content), schoolID: pending.$school.id, fullImport: pending.fullImport, on: req.db)
        else { throw Abort(.badRequest, reason: "The uploaded file can no longer be read. Upload it again.") }
        return Content(
            errors: [], importID: pending.id?.uuidString,
            additions: plan.additions.map(\.displayName),
            changes: plan.changes.map { "\($0.pupil.displayName): \($0.fields.joined(separator: ", "))" },
            removals: plan.removals.map { rows[$0].pupil.displayName }, unchanged: plan.unchanged, result: nil)
    }

    func apply(req: Request) async throws -> Response {
        let pending = try await req.pendingImport(kind: "pupils", action: .importRoster)
        guard let school = try await School.find(pending.$school.id, on: req.db) else { throw Abort(.notFound) }
        let pendingID = try pending.requireID()
        let outcome = try await PupilRosterImport.run(
            Array(pending.content), school: school, dryRun: false, fullImport: pending.fullImport, on: req.db,
            context: req.auditContext,
            inTransaction: { db, _ in try await PendingImport.query(on: db).filter(\.$id == pendingID).delete() })
        var content = Self.empty
        switch outcome {
        case .applied(let summary):
            content.result = summary
            return try await req.page(
                "pupils/import", title: "Roster import complete", content, notice: "The roster import is complete.")
        case .rejected(let lines):
            content.errors = lines
            return try await req.page("pupils/import", title: "Import the pupil roster", content, status: .badRequest)
        case .planned, .needsConfirmation:
            throw Abort(.internalServerError)
        }
    }

    func cancel(req: Request) async throws -> Response {
        try await req.cancelPendingImport(kind: "pupils", action: .importRoster, then: PupilPaths.list())
    }
}
