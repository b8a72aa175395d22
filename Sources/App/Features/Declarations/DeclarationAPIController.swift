// Declarations over the JSON API, under the same rules as the pages: the caller's own and those routed to them;
// one declaration only if the caller may see it (a read by anyone but the declarer is audited).

import Fluent
import StewardCore
import Vapor

struct DeclarationAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, DeclarationPaths.apiList, action: .viewDeclarations, use: list)
        routes.on(.POST, DeclarationPaths.apiList, action: .declare, use: create)
        routes.on(.GET, DeclarationPaths.apiShow, action: .viewDeclarations, use: show)
    }

    struct Summary: Content {
        var id: UUID
        var party: String
        var name: String
        var nature: String
        var since: String
        var state: String
        var closedOn: String?
        /// True for the caller's own; false for one routed or passed to them.
        var yours: Bool
    }

    struct Outcome: Content {
        var outcome: String
        var text: String
        var reviewOn: String?
        var recordedBy: UUID
        var recordedAt: Date
    }

    struct Detail: Content {
        var id: UUID
        var declarer: UUID
        var party: String
        var partyPerson: UUID?
        var pupil: String?
        var name: String
        var nature: String
        var detail: String
        var since: String
        var platforms: [String]
        var reviewer: String
        var reviewerID: UUID?
        var state: String
        var outcomes: [Outcome]
        var closedOn: String?
        var createdAt: Date
    }

    struct CreateRequest: Content {
        var party: String?
        /// The pupil (for a pupil or a parent) or the person (for a colleague or governor), by id.
        var partyID: UUID?
        var name: String?
        var nature: String?
        var detail: String?
        var since: String?
        var platforms: [String]?
    }

    static func state(_ d: Declaration) -> String {
        d.isClosed ? "closed" : (d.outcome?.rawValue ?? "waiting")
    }

    func summary(_ d: Declaration, yours: Bool) throws -> Summary {
        Summary(
            id: try d.requireID(), party: d.partyKind.rawValue, name: d.partyName, nature: d.nature.rawValue,
            since: d.since, state: Self.state(d), closedOn: d.closedOn, yours: yours)
    }

    /// The caller's own declarations (newest first), then those routed or passed to them.
    func list(req: Request) async throws -> [Summary] {
        let (actor, _) = try req.requireActor()
        let mine = try await Declaration.query(on: req.db).inSchool(of: actor)
            .filter(\.$declarerID == actor.personID).sort(\.$createdAt, .descending).all()
        let routed = try await Declarations.routedTo(actor, on: req.db)
        if !routed.isEmpty {
            try await req.write { _, audit in try await audit.append("declaration.list_viewed") }
        }
        return try mine.map { try summary($0, yours: true) } + routed.map { try summary($0, yours: false) }
    }

    func create(req: Request) async throws -> Response {
        let body = try req.content.decode(CreateRequest.self)
        let form = DeclarationForm(
            party: body.party, surname: nil, pick: body.partyID?.uuidString, name: body.name, nature: body.nature,
            detail: body.detail, since: body.since, platforms: body.platforms, find: nil)
        func refuse(_ errors: [FieldError]) -> Abort {
            Abort(
                .unprocessableEntity,
                reason: errors.map { "\($0.field == "surname" ? "partyID" : $0.field): \($0.message)" }
                    .joined(separator: " "))
        }
        let valid: DeclarationForm.Valid
        switch form.validate(platforms: req.application.steward.platforms, today: Display.today) {
        case .failure(let invalid): throw refuse(invalid.errors)
        case .success(let v): valid = v
        }
        switch try await DeclarationController.save(req, valid) {
        case .failure(let error): throw refuse([error])
        case .success(let declaration):
            return try await detail(declaration, on: req.db).encodeResponse(status: .created, for: req)
        }
    }

    func show(req: Request) async throws -> Detail {
        try await detail(try await Declarations.find(req), on: req.db)
    }

    func detail(_ d: Declaration, on db: any Database) async throws -> Detail {
        let id = try d.requireID()
        let outcomes = try await DeclarationOutcome.query(on: db).inSchool(d.schoolID).filter(\.$declarationID == id)
            .sort(\.$recordedAt).all()
        return Detail(
            id: id, declarer: d.declarerID, party: d.partyKind.rawValue, partyPerson: d.partyPersonID,
            pupil: d.partyPupilLabel.isEmpty ? nil : d.partyPupilLabel, name: d.partyName, nature: d.nature.rawValue,
            detail: d.detail, since: d.since, platforms: d.platformKeys, reviewer: d.reviewerKind,
            reviewerID: d.reviewerID, state: Self.state(d),
            outcomes: outcomes.map {
                Outcome(
                    outcome: $0.kind.rawValue, text: $0.text, reviewOn: $0.reviewOn, recordedBy: $0.recordedBy,
                    recordedAt: $0.recordedAt)
            }, closedOn: d.closedOn, createdAt: d.createdAt)
    }
}
