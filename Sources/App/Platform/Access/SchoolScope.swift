// The one way a handler reaches a school's records: by id only within the actor's schools (another school's record
// is "not found"), and lists only within the school the actor is working in.

import Fluent
import StewardCore
import Vapor

/// A record that belongs to one school, named by its `school_id` column.
protocol SchoolOwned: Model where IDValue == UUID {
    /// The school the record belongs to.
    var owningSchoolID: UUID { get }
}

extension SchoolOwned {
    static var schoolColumn: FieldKey { "school_id" }
}

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
    /// The record named by the route parameter `parameter`, looked for only in the actor's schools; then `action` is
    /// asked of `AccessPolicy` for that record's school. Another school's record, a malformed id or none: 404.
    func record<M: SchoolOwned>(_ type: M.Type, _ parameter: String, for action: Action) async throws -> M {
        let (actor, _) = try requireActor()
        guard let id = parameters.get(parameter, as: UUID.self),
            let found = try await SchoolScope.find(M.self, id, for: actor, on: db)
        else { throw Abort(.notFound) }
        try authorize(action, .schoolRecord(schoolID: found.owningSchoolID))
        return found
    }
}

extension Person: SchoolOwned { var owningSchoolID: UUID { $school.id } }
extension RosterPupil: SchoolOwned { var owningSchoolID: UUID { $school.id } }
extension Policy: SchoolOwned { var owningSchoolID: UUID { $school.id } }
extension PolicyVersion: SchoolOwned { var owningSchoolID: UUID { schoolID } }
extension PolicyAcknowledgement: SchoolOwned { var owningSchoolID: UUID { schoolID } }
extension PolicyLink: SchoolOwned { var owningSchoolID: UUID { schoolID } }
extension ConcernCase: SchoolOwned { var owningSchoolID: UUID { schoolID } }
extension PendingImport: SchoolOwned { var owningSchoolID: UUID { $school.id } }
