// What records management leaves about a person that the person must not read: a legal hold on them (placed because
// a claim is expected, perhaps against them) and the internal handling of a request about them.

import Fluent
import StewardCore

enum RecordsSideDoors {
    /// The audit actions about a person's own records management, hidden from that person whatever their role.
    static let personalActions = [
        "records.hold_placed", "records.hold_lifted", "records.request_recorded", "records.request_viewed",
        "records.access_exported", "records.request_answered",
    ]

    /// Limits an audit query: nobody reads entries about a hold on themselves or the handling of a request about them.
    static func auditFilter(_ query: QueryBuilder<AuditEntry>, actor: Actor) -> QueryBuilder<AuditEntry> {
        query.group(.or) { group in
            group.filter(\.$target == nil)
            group.filter(\.$target != "person:\(actor.personID.uuidString)")
            group.filter(\.$action !~ personalActions)
        }
    }
}
