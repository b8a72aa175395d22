// The staff import page: upload a CSV export, see exactly what it would change, then confirm or cancel.

import Fluent
import StewardCore
import Vapor

struct PeopleImportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, PeoplePaths.importPage, action: .importPeople, use: form)
        routes.on(.POST, PeoplePaths.importPage, action: .importPeople, upload: "11mb", use: upload)
        routes.on(.POST, PeoplePaths.applyImport, action: .importPeople, use: apply)
        routes.on(.POST, PeoplePaths.cancelImport, action: .importPeople, use: cancel)
    }

    static let empty = Content(
        errors: [], importID: nil, additions: [], changes: [], deactivations: [], kept: [], unchanged: 0, full: false,
        result: nil)

    func form(req: Request) async throws -> Response {
        try await req.page("people/import", title: "Import staff", Self.empty)
    }

    struct UploadForm: Vapor.Content {
        var full: String?
    }

    func upload(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let form = try req.uploadForm(UploadForm.self)
        guard let file = req.uploadedFiles("file").first(where: { $0.size > 0 }) else {
            var content = Self.empty
            content.errors = ["Choose a CSV file to upload."]
            return try await req.page("people/import", title: "Import staff", content, status: .badRequest)
        }
        let bytes = try file.bytes()
        let full = form.full == "yes"
        guard let school = try await School.find(actor.schoolID, on: req.db) else { throw Abort(.notFound) }
        let outcome = try await PeopleImport.run(
            bytes, school: school, dryRun: true, fullImport: full, on: req.db, context: req.auditContext)
        guard case .planned = outcome else {
            var content = Self.empty
            if case .rejected(let lines) = outcome { content.errors = lines }
            return try await req.page("people/import", title: "Import staff", content, status: .badRequest)
        }
        let pending = PendingImport(
            schoolID: actor.schoolID, personID: try person.requireID(), kind: "people", content: Data(bytes),
            fullImport: full, createdAt: Date())
        try await req.write { db, audit in
            try await pending.create(on: db)
            try await audit.append(
                "import.people.previewed", target: "pending_import:\(pending.id?.uuidString ?? "")",
                details: ["bytes": String(bytes.count), "full": full ? "yes" : "no"])
        }
        return try await req.page("people/import", title: "Check the import", try await content(for: pending, req: req))
    }

    /// The plan for a pending upload, worked out again against the school as it is now.
    private func content(for pending: PendingImport, req: Request) async throws -> Content {
        let people = try await Person.query(on: req.db).inSchool(pending.$school.id).all()
        let records = try StaffImport.parse(Array(pending.content), knownEmails: Set(people.map(\.email))).get()
        let existing = PeopleImport.existing(people)
        var plan = StaffImport.plan(
            records, existing: existing, fullImport: pending.fullImport, today: Display.today)
        let kept = try await PeopleImport.keepTrustManaged(
            &plan, schoolID: pending.$school.id, importerRoles: req.actor?.rolesBySchool[pending.$school.id],
            on: req.db)
        let leavers = try await PeopleImport.review(
            plan, schoolID: pending.$school.id, importerID: req.actor?.personID, on: req.db)
        return Content(
            errors: [], importID: pending.id?.uuidString,
            additions: plan.additions.map { PlanRow(name: "\($0.forename) \($0.surname)", detail: $0.email) },
            changes: plan.changes.map { change in
                PlanRow(
                    name: change.email,
                    detail: change.fields.keys.sorted().map {
                        "\($0): \(change.fields[$0]?.first ?? "") → \(change.fields[$0]?.last ?? "")"
                    }.joined(separator: "; "))
            },
            deactivations: leavers.map {
                PlanRow(
                    name: "\($0.name) (\($0.email))", detail: $0.reason, roles: $0.roles.joined(separator: ", "),
                    alarms: $0.alarms)
            },
            kept: kept.map { PlanRow(name: $0.email, detail: $0.reason) },
            unchanged: plan.unchanged, full: pending.fullImport, result: nil,
            alarming: leavers.filter { !$0.alarms.isEmpty }.count)
    }

    struct ApplyForm: Vapor.Content { var understood: String? }

    func apply(req: Request) async throws -> Response {
        let pending = try await req.pendingImport(kind: "people", action: .importPeople)
        guard let school = try await School.find(pending.$school.id, on: req.db) else { throw Abort(.notFound) }
        let pendingID = try pending.requireID()
        // Deactivating the importer, the school's only headteacher, lead or chair, or governors and volunteers needs a
        // second, explicit confirmation, checked against the plan as it stands now.
        if var review = try? await content(for: pending, req: req), review.alarming > 0,
            (try? req.content.decode(ApplyForm.self))?.understood != "yes"
        {
            review.confirmErrors = FormErrors([
                FieldError(
                    "understood", "Tick the box to confirm these people should be deactivated, or cancel the import.")
            ])
            return try await req.page("people/import", title: "Check the import", review, status: .badRequest)
        }
        let outcome = try await PeopleImport.run(
            Array(pending.content), school: school, dryRun: false, fullImport: pending.fullImport, on: req.db,
            context: req.auditContext, importerRoles: req.actor?.rolesBySchool[pending.$school.id] ?? [],
            inTransaction: { db, _ in try await PendingImport.query(on: db).filter(\.$id == pendingID).delete() })
        var content = Self.empty
        switch outcome {
        case .applied(let summary):
            content.result = summary
            return try await req.page(
                "people/import", title: "Import complete", content, notice: "The import is complete.")
        case .rejected(let lines):
            content.errors = lines
            return try await req.page("people/import", title: "Import staff", content, status: .badRequest)
        case .planned:
            throw Abort(.internalServerError)
        }
    }

    func cancel(req: Request) async throws -> Response {
        try await req.cancelPendingImport(kind: "people", action: .importPeople, then: PeoplePaths.list())
    }
}
