// What is derived from a declaration (audit entries, queued mail) follows the declaration's own access rule: a
// headteacher who is the other party sees no trace of it in the audit log or the outbox.

import Fluent
import StewardCore
import Vapor

enum DeclarationSideDoors {
    /// The declarations of `schoolIDs` that `actor` may see.
    static func visibleIDs(to actor: Actor, in schoolIDs: Set<UUID>, on db: any Database) async throws -> Set<UUID> {
        let all = try await Declaration.query(on: db).inSchools(schoolIDs).all()
        return Set(all.filter { Declarations.canSee($0, actor) }.compactMap(\.id))
    }

    /// Limits an audit query to entries `actor` may see: an entry about a declaration (target `declaration:…`) only
    /// when they may see that declaration.
    static func auditFilter(
        _ query: QueryBuilder<AuditEntry>, actor: Actor, schoolIDs: Set<UUID>, on db: any Database
    ) async throws -> QueryBuilder<AuditEntry> {
        let visible = try await visibleIDs(to: actor, in: schoolIDs, on: db).map { "declaration:\($0.uuidString)" }
        return query.group(.or) { group in
            group.filter(\.$target == nil)
            group.filter(\.$target, .custom("NOT LIKE"), "declaration:%")
            if !visible.isEmpty { group.filter(\.$target ~~ visible) }
        }
    }

    /// Limits an outbox query to mail `actor` may see: mail about a declaration only when they may see it.
    static func outboxFilter(_ query: QueryBuilder<OutboxMessage>, visible: Set<UUID>) -> QueryBuilder<OutboxMessage> {
        query.group(.or) { group in
            group.filter(\.$declarationID == nil)
            if !visible.isEmpty { group.filter(\.$declarationID ~~ Array(visible)) }
        }
    }
}
