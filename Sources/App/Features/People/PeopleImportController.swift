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

    /// The plan for a pending upload, worked out again against the school as it is now; a file that no longer reads
    /// cleanly (someone took one of its addresses meanwhile) comes back with its errors and nothing to confirm.
    private func content(for pending: PendingImport, req: Request) async throws -> Content {
        let people = try await Person.query(on: req.db).inSchool(pending.$school.id).all()
        let records: [StaffRecord]
        switch StaffImport.parse(Array(pending.content), knownEmails: Set(people.map(\.email))) {
        case .success(let parsed): records = parsed
        case .failure(let rejected):
            var content = Self.empty
            content.errors = rejected.errors.map(\.description)
            return content
        }
        let existing = PeopleImport.existing(people)
        var plan = StaffImport.plan(
            records, existing: existing, fullImport: pending.fullImport, today: Display.today)
        let kept = try await PeopleImport.keepTrustManaged(
            &plan, schoolID: pending.$school.id, importerRoles: req.actor?.rolesBySchool[pending.$school.id],
            on: req.db)
        let leavers = try await PeopleImport.review(
            plan, schoolID: pending.$school.id, importerID: req.actor?.personID, on: req.db)
        var content = Content(
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
        content.planDigest = try Self.digest(content)
        return content
    }

    /// A digest of everything the importer is shown (who is added, changed, deactivated, kept, and why), so that what
    /// they confirm is what happens: a plan that has changed since is shown again instead of applied.
    static func digest(_ content: Content) throws -> String {
        struct Shown: Encodable {
            var additions: [PlanRow]
            var changes: [PlanRow]
            var deactivations: [PlanRow]
            var kept: [PlanRow]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(
            Shown(
                additions: content.additions, changes: content.changes, deactivations: content.deactivations,
                kept: content.kept))
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    struct ApplyForm: Vapor.Content {
        var understood: String?
        /// The digest of the plan the importer saw.
        var plan: String?
    }

    func apply(req: Request) async throws -> Response {
        let pending = try await req.pendingImport(kind: "people", action: .importPeople)
        guard let school = try await School.find(pending.$school.id, on: req.db) else { throw Abort(.notFound) }
        let pendingID = try pending.requireID()
        // What is applied must be what was shown: the plan is worked out again and compared with the one confirmed.
        // Deactivating the importer, the school's only headteacher, lead or chair, or governors and volunteers needs a
        // second, explicit confirmation, checked against the plan as it stands now.
        let form = try? req.content.decode(ApplyForm.self)
        var review = try await content(for: pending, req: req)
        if !review.errors.isEmpty {
            return try await req.page("people/import", title: "Import staff", review, status: .badRequest)
        }
        if form?.plan != review.planDigest {
            review.confirmErrors = FormErrors([
                FieldError(
                    "plan",
                    "The school's people have changed since you checked the file. Check what it would do now, then "
                        + "confirm again.")
            ])
            return try await req.page("people/import", title: "Check the import", review, status: .conflict)
        }
        if review.alarming > 0, form?.understood != "yes" {
            review.confirmErrors = FormErrors([
                FieldError(
                    "understood", "Tick the box to confirm these people should be deactivated, or cancel the import.")
            ])
            return try await req.page("people/import", title: "Check the import", review, status: .badRequest)
        }
        let outcome = try await PeopleImport.run(
            Array(pending.content), school: school, dryRun: false, fullImport: pending.fullImport, confirmed: true,
            on: req.db,
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
        case .planned, .needsConfirmation:
            throw Abort(.internalServerError)
        }
    }

    func cancel(req: Request) async throws -> Response {
        try await req.cancelPendingImport(kind: "people", action: .importPeople, then: PeoplePaths.list())
    }
}
