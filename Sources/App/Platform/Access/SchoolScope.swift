// The one way a handler reaches a school's records: by id only within the actor's schools (another school's record
// is "not found"), and lists only within the school the actor is working in.

import Fluent
import StewardCore
import Vapor

enum SchoolScope {
    /// The record with `id`, if it belongs to one of `actor`'s schools; nil otherwise, whatever else exists.
    static func find<M: SchoolOwned>(
        _ type: M.Type, _ id: UUID?, for actor: Actor, on db: any Database
    )
        async throws -> M?
    {
        guard let id else { return nil }
        let schools = DatabaseQuery.Value.array(actor.schoolIDs.map { .bind($0) })
        return try await M.query(on: db).filter(\._$id == id).filter(column(M.self), .subset(inverse: false), schools)
            .first()
    }

    /// The column naming the school of `M`'s records.
    static func column<M: SchoolOwned>(_ type: M.Type) -> DatabaseQuery.Field {
        .path([M.schoolColumn], schema: M.schema)
    }
}

extension QueryBuilder where Model: SchoolOwned {
    /// Only the records of the school `actor` is working in.
    func inSchool(of actor: Actor) -> Self {
        filter(SchoolScope.column(Model.self), .equal, .bind(actor.schoolID))
    }

    /// Only the records of `schoolID` (for work done on a school's behalf, such as a job or an import).
    func inSchool(_ schoolID: UUID) -> Self {
        filter(SchoolScope.column(Model.self), .equal, .bind(schoolID))
    }
}

extension Request {
    /// The record named by the route parameter `parameter`, looked for only in the actor's schools (or, `within`
    /// `.currentSchool`, only in the school they are working in); then `action` is asked of `AccessPolicy` for that
    /// record's school. Another school's record, a malformed id or none: 404.
    func record<M: SchoolOwned>(
        _ type: M.Type, _ parameter: String, for action: Action, within reach: SchoolReach = .allMySchools
    ) async throws -> M {
        let (actor, _) = try requireActor()
        let scope = reach == .allMySchools ? actor : actor.workingIn(actor.schoolID)
        guard let id = parameters.get(parameter, as: UUID.self),
            let found = try await SchoolScope.find(M.self, id, for: scope, on: db)
        else { throw Abort(.notFound) }
        try authorize(action, .schoolRecord(schoolID: found.owningSchoolID))
        return found
    }
}

extension Actor {
    /// The same person, reaching only `schoolID` (for finding records of the school they are working in).
    func workingIn(_ schoolID: UUID) -> Actor {
        Actor(personID: personID, schoolID: schoolID, rolesBySchool: rolesBySchool.filter { $0.key == schoolID })
    }
}

extension Person: SchoolOwned { var owningSchoolID: UUID { $school.id } }

extension RosterPupil: SchoolOwned { var owningSchoolID: UUID { $school.id } }

extension Policy: SchoolOwned { var owningSchoolID: UUID { $school.id } }

extension PolicyVersion: SchoolOwned { var owningSchoolID: UUID { schoolID } }

extension PolicyAcknowledgement: SchoolOwned { var owningSchoolID: UUID { schoolID } }

extension PolicyLink: SchoolOwned { var owningSchoolID: UUID { schoolID } }

extension Case: SchoolOwned { var owningSchoolID: UUID { schoolID } }

extension PendingImport: SchoolOwned { var owningSchoolID: UUID { $school.id } }

extension OfficialAccount: SchoolOwned { var owningSchoolID: UUID { schoolID } }

extension GovernorsReport: SchoolOwned { var owningSchoolID: UUID { schoolID } }

extension AccountAdministrator: SchoolOwned { var owningSchoolID: UUID { schoolID } }

extension AccountHandover: SchoolOwned { var owningSchoolID: UUID { schoolID } }

extension Draft: SchoolOwned { var owningSchoolID: UUID { schoolID } }

extension DraftAccount: SchoolOwned { var owningSchoolID: UUID { schoolID } }

extension DraftImage: SchoolOwned { var owningSchoolID: UUID { schoolID } }

extension DraftReview: SchoolOwned { var owningSchoolID: UUID { schoolID } }

extension PostDelivery: SchoolOwned { var owningSchoolID: UUID { schoolID } }

extension ScreeningSettings: SchoolOwned { var owningSchoolID: UUID { schoolID } }

extension QueryBuilder where Model: SchoolOwned {
    /// Only the records of `schoolIDs` (an API caller's schools, a trust's schools).
    func inSchools(_ schoolIDs: some Collection<UUID>) -> Self {
        filter(SchoolScope.column(Model.self), .subset(inverse: false), .array(schoolIDs.map { .bind($0) }))
    }
}

extension QueryBuilder where Model == RoleAssignment {
    /// Roles held in `schoolID` itself.
    func heldIn(_ schoolID: UUID) -> Self { filter(\.$school.$id == schoolID) }

    /// Roles that count in `schoolID`: held there, or held across the trust (no school).
    func countingIn(_ schoolID: UUID) -> Self {
        group(.or) { $0.filter(\.$school.$id == schoolID).filter(\.$school.$id == nil) }
    }
}

extension QueryBuilder where Model == OutboxMessage {
    /// Mail of `schoolID`.
    func inSchool(_ schoolID: UUID) -> Self { filter(\.$school.$id == schoolID) }

    /// Mail of `schoolID`, and mail about no school (what a trust administrator also sees).
    func inSchoolOrNone(_ schoolID: UUID) -> Self {
        group(.or) { $0.filter(\.$school.$id == schoolID).filter(\.$school.$id == nil) }
    }
}

extension QueryBuilder where Model == AuditEntry {
    /// Entries of `schoolID`.
    func inSchool(_ schoolID: UUID) -> Self { filter(\.$schoolID == schoolID.uuidString) }

    /// Entries of `schoolID`, and entries of no school (sign-ins, tokens), as a trust administrator sees them.
    func inSchoolOrNone(_ schoolID: UUID) -> Self {
        group(.or) { $0.filter(\.$schoolID == schoolID.uuidString).filter(\.$schoolID == nil) }
    }

    /// Entries of any of `schoolIDs`.
    func inSchools(_ schoolIDs: some Collection<UUID>) -> Self { filter(\.$schoolID ~~ schoolIDs.map(\.uuidString)) }
}

extension QueryBuilder where Model == Job {
    /// Jobs of `schoolID`.
    func inSchool(_ schoolID: UUID) -> Self { filter(\.$school.$id == schoolID) }

    /// Jobs of `schoolID`, and Steward's own (no school).
    func inSchoolOrNone(_ schoolID: UUID) -> Self {
        group(.or) { $0.filter(\.$school.$id == schoolID).filter(\.$school.$id == nil) }
    }
}
