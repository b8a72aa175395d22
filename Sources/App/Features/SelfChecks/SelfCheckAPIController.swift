// The privacy self-check over the JSON API, under the same rules as the pages: the caller's own checks, this term's
// figures (`?scope=school`) for those who may see them, and completing this term's check.

import Fluent
import StewardCore
import Vapor

struct SelfCheckAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SelfCheckPaths.apiList, action: .viewSelfChecks, use: list)
        routes.on(.POST, SelfCheckPaths.apiList, action: .completeSelfCheck, use: create)
    }

    struct Answer: Content {
        var platform: String
        var item: String
        var answer: String
    }

    struct Check: Content {
        var id: UUID
        var term: String
        var round: Int
        var platforms: [String]
        var answers: [Answer]
        var contacted: Bool
        var needsHelp: Bool
        var completedAt: Date
    }

    struct Figures: Content {
        var group: String
        var asked: Int
        var done: Int
        var due: Int
        var overdue: Int
        var percent: Int
    }

    struct SchoolFigures: Content {
        var term: String?
        var groups: [Figures]
        var total: Figures
        var openHelpRequests: Int
        var contactsThisTerm: Int
    }

    struct Listing: Content {
        var checks: [Check]
        var school: SchoolFigures?
    }

    static func figures(_ group: String, _ f: ObligationCoverage.Figures) -> Figures {
        Figures(group: group, asked: f.asked, done: f.met, due: f.due, overdue: f.overdue, percent: f.percent)
    }

    /// The caller's own checks; with `?scope=school` and the right to see figures, this term's figures too.
    func list(req: Request) async throws -> Listing {
        let (actor, _) = try req.requireActor()
        let checks = try await SelfCheck.query(on: req.db).inSchool(of: actor).filter(\.$personID == actor.personID)
            .sort(\.$completedAt, .descending).all()
        var school: SchoolFigures?
        switch req.query[String.self, at: "scope"] {
        case nil, "mine": break
        case "school":
            try req.authorize(.viewObligationFigures, .schoolRecord(schoolID: actor.schoolID))
            let settings = try await SelfCheckSettings.of(actor.schoolID, on: req.db)
            let (round, coverage, _) = try await SelfChecks.coverage(
                of: actor.schoolID, settings: settings, today: Display.today, on: req.db)
            let contacts =
                round == nil
                ? 0
                : try await SelfCheck.query(on: req.db).inSchool(of: actor).filter(\.$round == (round?.number ?? 0))
                    .filter(\.$contacted == true).count()
            school = SchoolFigures(
                term: settings.termList.last { round?.opensOn == $0.starts }?.name,
                groups: [PersonKind.employee, .volunteer].map {
                    Self.figures($0.rawValue, coverage.byKind[$0] ?? .init())
                },
                total: Self.figures("everyone", coverage.total),
                openHelpRequests: try await SelfCheckHelp.query(on: req.db).inSchool(of: actor)
                    .filter(\.$closedAt == nil).count(),
                contactsThisTerm: contacts)
        default:
            throw Abort(.badRequest, reason: "scope must be mine or school.")
        }
        return Listing(
            checks: try checks.map { check in
                Check(
                    id: try check.requireID(), term: check.termName, round: check.round, platforms: check.platformKeys,
                    answers: check.answerList.map {
                        Answer(platform: $0.platform, item: $0.item.rawValue, answer: $0.answer.rawValue)
                    }, contacted: check.contacted, needsHelp: check.needsHelp, completedAt: check.completedAt)
            }, school: school)
    }

    struct CreateRequest: Content {
        /// Platform keys; an empty list: "I don't use any".
        var platforms: [String]?
        /// Answers by platform, then by item: `{"facebook": {"private": "done", …}}`.
        var answers: [String: [String: String]]?
        var contacted: Bool?
        var note: String?
    }

    struct Created: Content {
        var id: UUID
        var term: String
        var needsHelp: Bool
        /// Where to report the contact (4.3), when the caller said a pupil or family contacted them.
        var reportContactAt: String?
    }

    /// Completes this term's check from JSON; the term is the one open today.
    func create(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let body = try req.content.decode(CreateRequest.self)
        let settings = try await SelfCheckSettings.of(actor.schoolID, on: req.db)
        let open = settings.openTerm(on: Display.today).map { (term: $0, round: $0.starts.dayNumber) }
        let platforms = body.platforms ?? []
        let form = SelfCheckForm(
            term: open.map { String($0.round) }, platforms: platforms, none: platforms.isEmpty ? "1" : nil,
            answers: body.answers, contacted: body.contacted.map { $0 ? "yes" : "no" }, note: body.note)
        let valid: SelfCheckForm.Valid
        switch form.validate(known: req.application.steward.platforms, open: open) {
        case .failure(let invalid):
            throw Abort(.unprocessableEntity, reason: invalid.errors.map(\.message).joined(separator: " "))
        case .success(let v): valid = v
        }
        let exists = try await SelfCheck.query(on: req.db).inSchool(of: actor).filter(\.$personID == actor.personID)
            .filter(\.$round == valid.round).first()
        guard exists == nil else {
            throw Abort(.conflict, reason: "You have already completed \(valid.termName)'s check.")
        }
        let link = req.application.steward.config.baseURL.address(of: SelfCheckPaths.help())
        let schoolID = actor.schoolID
        let check: SelfCheck
        do {
            check = try await req.write { db, audit in
                try await SelfChecks.record(valid, person: person, schoolID: schoolID, link: link, on: db, audit: audit)
            }
        } catch {
            // Two submissions at once: the unique index lets one through.
            let raced = try await SelfCheck.query(on: req.db).inSchool(of: actor)
                .filter(\.$personID == actor.personID).filter(\.$round == valid.round).first()
            guard raced != nil else { throw error }
            throw Abort(.conflict, reason: "You have already completed \(valid.termName)'s check.")
        }
        // The query is added after the address is made: `address(of:)` encodes a path, and would encode its "?".
        let concern =
            req.application.steward.config.baseURL.address(of: ConcernPaths.new())
            + "?category=\(ConcernCategory.contactFromPupilOrFamily.rawValue)"
        return try await Created(
            id: try check.requireID(), term: valid.termName, needsHelp: check.needsHelp,
            reportContactAt: valid.contacted ? concern : nil
        ).encodeResponse(status: .created, for: req)
    }
}
