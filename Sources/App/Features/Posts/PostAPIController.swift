// Screening and drafts over the JSON API, under the same rules as the pages: findings against the caller's own
// school, drafts only as the caller may see them.

import Fluent
import StewardCore
import Vapor

struct PostAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        // Room for 20,000 characters in any script, escaped as JSON.
        routes.on(.POST, PostPaths.apiScreen, action: .writeDrafts, body: .collect(maxSize: "512kb"), use: screen)
        routes.on(.GET, PostPaths.apiDrafts, action: .writeDrafts, use: list)
        routes.on(.POST, PostPaths.apiDrafts, action: .writeDrafts, body: .collect(maxSize: "512kb"), use: create)
        routes.on(.GET, PostPaths.apiDraft, action: .writeDrafts, use: show)
    }

    struct ScreenRequest: Content {
        var text: String
        /// Roster ids of the pupils a photo shows, if any.
        var pupils: [UUID]?
    }

    struct Screened: Content {
        var findings: [Finding]
        /// The worst severity found, or null when nothing was.
        var worst: Severity?
        var blocks: Bool
    }

    /// Screens text (and the pupils a photo shows) against the caller's school, storing nothing.
    func screen(req: Request) async throws -> Screened {
        let (actor, _) = try req.requireActor()
        let body = try req.content.decode(ScreenRequest.self)
        try Self.checkLength(body.text)
        let wanted = Set(body.pupils ?? [])
        let pupils =
            wanted.isEmpty
            ? [] : try await RosterPupil.query(on: req.db).inSchool(of: actor).filter(\.$id ~~ wanted).all()
        guard pupils.count == wanted.count else {
            throw Abort(.unprocessableEntity, reason: "pupils: each must be the id of a pupil on your school's roster.")
        }
        let built = try await req.application.steward.screening.screener(for: actor.schoolID, on: req.db)
        let findings = built.screener.screen(body.text, taggedPupils: pupils.map(\.pupil)).map {
            $0.citing(built.clauses)
        }
        return Screened(findings: findings, worst: findings.worstSeverity, blocks: findings.worstSeverity == .block)
    }

    static func checkLength(_ text: String) throws {
        let length = text.unicodeScalars.count
        if length > DraftRules.maximumTextLength {
            throw Abort(
                .payloadTooLarge,
                reason: "text: \(length) characters; the most is \(DraftRules.maximumTextLength).")
        }
    }

    struct Summary: Content {
        var id: UUID
        var state: String
        var author: UUID
        var accounts: [UUID]
        var opening: String
        var updatedAt: Date
        /// Whether it waits for the caller's approval.
        var waitingForYou: Bool
    }

    /// The caller's own drafts and those waiting for their approval.
    func list(req: Request) async throws -> [Summary] {
        let (actor, _) = try req.requireActor()
        let mine = try await Draft.query(on: req.db).inSchool(of: actor).filter(\.$authorID == actor.personID)
            .sort(\.$updatedAt, .descending).all()
        let waiting = try await DraftController.waitingFor(actor, on: req.db)
        let all = mine + waiting
        let accounts = try await Drafts.accountIDs(of: all, on: req.db)
        let waitingIDs = Set(waiting.compactMap(\.id))
        return try all.map { draft in
            let id = try draft.requireID()
            return Summary(
                id: id, state: draft.state.rawValue, author: draft.authorID,
                accounts: (accounts[id] ?? []).sorted { $0.uuidString < $1.uuidString },
                opening: DraftController.opening(draft.text),
                updatedAt: draft.updatedAt, waitingForYou: waitingIDs.contains(id))
        }
    }

    struct CreateRequest: Content {
        var text: String?
        var accounts: [UUID]?
        var intendedOn: String?
    }

    struct Detail: Content {
        struct Image: Content {
            var id: UUID?
            var filename: String
            var format: String
            var sha256: String
            var removed: [String]
            var pupilsStated: Bool
            var pupils: [UUID]
        }
        struct Approval: Content {
            var by: UUID
            var at: Date
            var expiresAt: Date?
            var digest: String
            var overrideReason: String
        }
        var id: UUID
        var state: String
        var author: UUID
        var text: String
        var intendedOn: String?
        var accounts: [UUID]
        var images: [Image]
        var digest: String
        var findings: [Finding]
        var approval: Approval?
        var liveAddress: String?
        var publishedAt: Date?
    }

    /// Writes a draft from JSON (`text`, `accounts`, optionally `intendedOn`); photos are added on the draft's page.
    func create(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let body = try req.content.decode(CreateRequest.self)
        try Self.checkLength(body.text ?? "")
        let form = DraftForm(text: body.text, intendedOn: body.intendedOn, accounts: body.accounts?.map(\.uuidString))
        let open = try await DraftController.openAccounts(actor.schoolID, on: req.db)
        switch form.validate(open: open) {
        case .failure(let invalid):
            let names = ["intended_on": "intendedOn"]
            throw Abort(
                .unprocessableEntity,
                reason: invalid.errors.map { "\(names[$0.field] ?? $0.field): \($0.message)" }.joined(separator: " "))
        case .success(let valid):
            let draft = try await DraftController.createDraft(req, valid: valid, images: [])
            guard let file = try await Drafts.load(draft, for: actor, on: req.db) else { throw Abort(.notFound) }
            return try await detail(req, file).encodeResponse(status: .created, for: req)
        }
    }

    func show(req: Request) async throws -> Detail {
        try await detail(req, try await Drafts.find(req, for: .writeDrafts))
    }

    func detail(_ req: Request, _ file: DraftFile) async throws -> Detail {
        let screening = try await DraftScreening.screen(
            text: file.draft.text, images: file.images, schoolID: file.draft.schoolID, req: req)
        return Detail(
            id: file.id, state: file.draft.state.rawValue, author: file.draft.authorID, text: file.draft.text,
            intendedOn: file.draft.intendedOn, accounts: file.accounts.compactMap(\.id),
            images: file.images.map {
                .init(
                    id: $0.id, filename: $0.filename, format: $0.format, sha256: $0.sha256,
                    removed: $0.removed.isEmpty ? [] : $0.removed.components(separatedBy: ", "),
                    pupilsStated: $0.pupilsStated, pupils: $0.pupilIDs)
            }, digest: file.draft.digest, findings: screening.findings,
            approval: file.approval.map {
                .init(
                    by: $0.reviewerID, at: $0.createdAt, expiresAt: $0.expiresAt, digest: $0.digest,
                    overrideReason: $0.overrideReason)
            }, liveAddress: file.draft.liveAddress, publishedAt: file.draft.publishedAt)
    }
}
