// Audit entries that describe a record the purge removed.

import Foundation

/// Audit entries that describe a removed record: those with `target`, and, when given, only those with `action`
/// whose details name `person`.
struct AuditMatch: Sendable, Hashable {
    var target: String
    var action: String? = nil
    var person: UUID? = nil
}
