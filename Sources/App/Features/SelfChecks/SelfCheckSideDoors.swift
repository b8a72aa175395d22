// What is derived from a privacy check (audit entries, queued mail) follows the check's own rule: its person and the
// school's headteacher. A trust administrator browsing the audit log or the outbox learns nothing of who asked for
// help or answered what.

import Fluent
import StewardCore
import Vapor

enum SelfCheckSideDoors {
    /// Mail about requests for help: to the lead when one is made, to the person when it is closed.
    static let mailKinds = ["self_check_help", "self_check_help_closed"]

    /// Whether `actor` may see traces of the checks of every one of `schoolIDs`: only as its headteacher.
    static func maySeeTraces(_ actor: Actor, in schoolIDs: Set<UUID>) -> Bool {
        !schoolIDs.isEmpty && schoolIDs.allSatisfy { actor.rolesBySchool[$0]?.contains(.headteacher) ?? false }
    }

    /// Limits an audit query: entries about a check or a request for help only for the headteacher.
    static func auditFilter(
        _ query: QueryBuilder<AuditEntry>, actor: Actor, schoolIDs: Set<UUID>
    ) -> QueryBuilder<AuditEntry> {
        guard !maySeeTraces(actor, in: schoolIDs) else { return query }
        return query.group(.or) { group in
            group.filter(\.$target == nil)
            group.filter(\.$target, .custom("NOT LIKE"), "self_check%")
        }
    }

    /// Limits an outbox query: mail about requests for help only for the headteacher.
    static func outboxFilter(
        _ query: QueryBuilder<OutboxMessage>, actor: Actor, schoolID: UUID
    ) -> QueryBuilder<OutboxMessage> {
        maySeeTraces(actor, in: [schoolID]) ? query : query.filter(\.$kind !~ mailKinds)
    }
}
