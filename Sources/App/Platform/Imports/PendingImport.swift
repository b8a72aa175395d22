// An uploaded import file waiting for the person who uploaded it to confirm the plan it produced, and finding it again.

import Fluent
import Foundation
import StewardCore
import Vapor

final class PendingImport: Model, @unchecked Sendable {
    static let schema = "pending_imports"

    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Parent(key: "person_id") var person: Person
    @Field(key: "kind") var kind: String
    @Field(key: "content") var content: Data
    @Field(key: "full_import") var fullImport: Bool
    @Field(key: "created_at") var createdAt: Date

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $school, $person, $kind, $content, $fullImport, $createdAt]
    }

    init() {}

    init(schoolID: UUID, personID: UUID, kind: String, content: Data, fullImport: Bool, createdAt: Date) {
        self.$school.id = schoolID
        self.$person.id = personID
        self.kind = kind
        self.content = content
        self.fullImport = fullImport
        self.createdAt = createdAt
    }

    /// An upload not confirmed within an hour is no longer offered.
    static let lifetime: TimeInterval = 3600
}

extension Request {
    /// The signed-in person's own unexpired upload of `kind` in their current school, named by the route's
    /// `:importID`; anyone else's, an expired one or one of another kind is "not found".
    func pendingImport(kind: String, action: Action) async throws -> PendingImport {
        let (actor, person) = try requireActor()
        guard
            let pending = try await SchoolScope.find(
                PendingImport.self, parameters.get("importID", as: UUID.self), for: actor.workingIn(actor.schoolID),
                on: db),
            pending.kind == kind, pending.$person.id == person.id,
            Date().timeIntervalSince(pending.createdAt) < PendingImport.lifetime
        else { throw Abort(.notFound, reason: "That upload has expired or does not exist. Upload the file again.") }
        try authorize(action, .schoolRecord(schoolID: pending.owningSchoolID))
        return pending
    }
}

extension Request {
    /// Discards the signed-in person's own upload of `kind`, audited as `import.KIND.cancelled`, and sends them to
    /// `page` (the staff and roster import pages share this).
    func cancelPendingImport(kind: String, action: Action, then page: String) async throws -> Response {
        let pending = try await pendingImport(kind: kind, action: action)
        try await write { db, audit in
            try await pending.delete(on: db)
            try await audit.append("import.\(kind).cancelled", target: "pending_import:\(pending.id?.uuidString ?? "")")
        }
        return redirect(to: page, redirectType: .normal)
    }
}
