// Finding a declaration as the person asking may see it (policy 1.5, issue 14): the declarer, the reviewer, the
// headteacher and HR; the safeguarding lead once it is passed to them; never the other party; nobody else. Every read
// by someone other than the declarer is audited.

import Fluent
import Foundation
import StewardCore
import Vapor

enum Declarations {
    /// Who a stored declaration is routed to.
    enum ReviewerKind: String, Sendable {
        case lineManager = "line_manager"
        case headteacher
        case chairOfGovernors = "chair_of_governors"
        case trustAdministrator = "trust_admin"

        init(_ reviewer: DeclarationReviewer) {
            switch reviewer {
            case .lineManager: self = .lineManager
            case .headteacher: self = .headteacher
            case .chairOfGovernors: self = .chairOfGovernors
            case .trustAdministrator: self = .trustAdministrator
            }
        }

        var title: String {
            switch self {
            case .lineManager: "Line manager"
            case .headteacher: "Headteacher"
            case .chairOfGovernors: "Chair of governors"
            case .trustAdministrator: "Trust administrator"
            }
        }

        var role: Role? {
            switch self {
            case .lineManager: nil
            case .headteacher: .headteacher
            case .chairOfGovernors: .chairOfGovernors
            case .trustAdministrator: .trustAdmin
            }
        }
    }

    /// Whether `actor` is the person the declaration is routed to: its line manager, or a holder of the routed role
    /// in the declaration's school.
    static func isReviewer(_ declaration: Declaration, _ actor: Actor) -> Bool {
        let roles = actor.rolesBySchool[declaration.schoolID] ?? []
        switch ReviewerKind(rawValue: declaration.reviewerKind) {
        case .lineManager: return declaration.reviewerID == actor.personID
        case .headteacher: return roles.contains(.headteacher)
        case .chairOfGovernors: return roles.contains(.chairOfGovernors)
        case .trustAdministrator: return roles.contains(.trustAdmin)
        case nil: return false
        }
    }

    /// Whether `actor` may see `declaration` at all (the rule of issue 14, in StewardCore).
    static func canSee(_ declaration: Declaration, _ actor: Actor) -> Bool {
        guard let roles = actor.rolesBySchool[declaration.schoolID] else { return false }
        return DeclarationRules.canSee(
            viewer: actor.personID, roles: roles, declarer: declaration.declarerID,
            reviewer: isReviewer(declaration, actor) ? actor.personID : declaration.reviewerID,
            otherParty: declaration.partyPersonID, passedToSafeguarding: declaration.passedToSafeguarding)
    }

    /// Whether `actor` may record an outcome now: the routed reviewer, or whoever it was last passed to; never the
    /// declarer or the other party, and not once the relationship has ended.
    static func mayRecordOutcome(_ declaration: Declaration, _ actor: Actor) -> Bool {
        guard canSee(declaration, actor), actor.personID != declaration.declarerID, !declaration.isClosed else {
            return false
        }
        let roles = actor.rolesBySchool[declaration.schoolID] ?? []
        switch declaration.outcome {
        case .passedToHeadteacher: return roles.contains(.headteacher)
        case .passedToSafeguarding: return roles.contains(.safeguardingLead) || isReviewer(declaration, actor)
        default: return isReviewer(declaration, actor)
        }
    }

    /// The outcomes `actor` may choose: passing to the headteacher only from a line manager (a headteacher or the
    /// chair reviewing has no one above to pass it to).
    static func outcomeChoices(_ declaration: Declaration) -> [DeclarationOutcomeKind] {
        DeclarationOutcomeKind.allCases.filter {
            $0 != .passedToHeadteacher || ReviewerKind(rawValue: declaration.reviewerKind) == .lineManager
        }
    }

    /// The declaration named by the route, if the actor may see it (anyone else: not found). A read by anyone but
    /// the declarer is audited.
    static func find(_ req: Request, for action: Action = .viewDeclarations) async throws -> Declaration {
        let (actor, _) = try req.requireActor()
        let declaration = try await req.record(Declaration.self, "declarationID", for: action)
        guard canSee(declaration, actor) else { throw Abort(.notFound) }
        if declaration.declarerID != actor.personID {
            let id = try declaration.requireID()
            try await req.write { _, audit in
                try await audit.append(
                    "declaration.viewed", target: "declaration:\(id.uuidString)", schoolID: declaration.schoolID,
                    details: ["as": isReviewer(declaration, actor) ? "reviewer" : "role"])
            }
        }
        return declaration
    }

    /// The declaration as it is now, read again inside a write, if `allowed` still holds; otherwise it changed.
    static func current(
        _ declaration: Declaration, on db: any Database, _ allowed: @Sendable (Declaration) -> Bool
    ) async throws -> Declaration {
        guard
            let fresh = try await Declaration.query(on: db).inSchool(declaration.schoolID)
                .filter(\.$id == declaration.requireID()).first(), allowed(fresh)
        else { throw Abort(.conflict, reason: "This declaration changed while you were looking at it. Reload it.") }
        return fresh
    }

    /// Declarations in `actor`'s school routed to them, or passed to them, still open.
    static func routedTo(_ actor: Actor, on db: any Database) async throws -> [Declaration] {
        let open = try await Declaration.query(on: db).inSchool(of: actor).filter(\.$closedOn == nil)
            .filter(\.$declarerID != actor.personID).sort(\.$createdAt).all()
        return open.filter { mayRecordOutcome($0, actor) && ($0.outcome == nil || isPassedTo($0, actor)) }
    }

    /// Whether the declaration's latest outcome passed it to `actor` (as headteacher or safeguarding lead).
    static func isPassedTo(_ declaration: Declaration, _ actor: Actor) -> Bool {
        let roles = actor.rolesBySchool[declaration.schoolID] ?? []
        switch declaration.outcome {
        case .passedToHeadteacher: return roles.contains(.headteacher)
        case .passedToSafeguarding: return roles.contains(.safeguardingLead)
        default: return false
        }
    }

    /// Who the declaration goes to, worked out from the declarer and the other party at the moment of declaring.
    static func route(
        declarer: Person, schoolID: UUID, otherParty: UUID?, on db: any Database
    ) async throws -> (kind: ReviewerKind, personID: UUID?) {
        let declarerID = try declarer.requireID()
        let heads = Set(try await holders(of: .headteacher, in: schoolID, on: db))
        let chairs = Set(try await holders(of: .chairOfGovernors, in: schoolID, on: db))
        var manager: UUID? = nil
        if let id = declarer.$lineManager.id, id != declarerID,
            let person = try await Person.query(on: db).inSchool(schoolID).filter(\.$id == id).first(), person.active
        {
            manager = id
        }
        let reviewer = DeclarationRules.reviewer(
            declarerIsHeadteacher: heads.contains(declarerID), lineManager: manager, otherParty: otherParty,
            otherPartyIsHeadteacher: otherParty.map { heads.contains($0) } ?? false,
            otherPartyIsChair: otherParty.map { chairs.contains($0) } ?? false)
        if case .lineManager(let id) = reviewer { return (.lineManager, id) }
        return (ReviewerKind(reviewer), nil)
    }

    /// Active holders of `role` in `schoolID` (held there or across its trust).
    static func holders(of role: Role, in schoolID: UUID, on db: any Database) async throws -> [UUID] {
        let rows = try await RoleAssignment.query(on: db).countingIn(schoolID).filter(\.$role == role).all()
        guard let school = try await School.find(schoolID, on: db) else { return [] }
        let ids = Set(rows.filter { $0.$school.id != nil || $0.trustID == school.$trust.id }.map(\.$person.id))
        guard !ids.isEmpty else { return [] }
        return try await Person.query(on: db).filter(\.$id ~~ ids).filter(\.$active == true).all().compactMap(\.id)
    }

    /// The people who review `declaration` now, for mail: its line manager, or the holders of the routed role.
    static func reviewers(of declaration: Declaration, on db: any Database) async throws -> [Person] {
        let ids: [UUID]
        switch ReviewerKind(rawValue: declaration.reviewerKind) {
        case .lineManager: ids = declaration.reviewerID.map { [$0] } ?? []
        case .headteacher: ids = try await holders(of: .headteacher, in: declaration.schoolID, on: db)
        case .chairOfGovernors: ids = try await holders(of: .chairOfGovernors, in: declaration.schoolID, on: db)
        case .trustAdministrator: ids = try await holders(of: .trustAdmin, in: declaration.schoolID, on: db)
        case nil: ids = []
        }
        let others = Set(ids).subtracting([declaration.declarerID] + (declaration.partyPersonID.map { [$0] } ?? []))
        guard !others.isEmpty else { return [] }
        return try await Person.query(on: db).filter(\.$id ~~ others).filter(\.$active == true).all()
    }
}
