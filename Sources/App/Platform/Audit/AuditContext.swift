// Who is acting and from where, captured once per request and stamped on every entry it writes.

import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import StewardCore
import Vapor

/// Who is acting and from where, captured once per request and stamped on every entry it writes.
struct AuditContext: Sendable {
    var actorID: UUID?
    var actorName: String?
    var schoolID: UUID?
    var clientAddress: String?
    var requestID: String?
    /// The key entries are sealed with and where checkpoints go.
    var sealing: AuditSealing
    /// Where this instance's audited writes wait their turn on PostgreSQL (`WriteQueue`).
    var turns: WriteQueue

    /// For the command line: an operator at the machine.
    static func command(_ name: String, _ app: Application) -> AuditContext {
        AuditContext(
            actorID: nil, actorName: "steward \(name)", schoolID: nil, clientAddress: "local", requestID: nil,
            sealing: app.steward.auditSealing, turns: app.steward.auditWriters)
    }

    /// For Steward's own background work.
    static func system(_ name: String, _ app: Application) -> AuditContext {
        AuditContext(
            actorID: nil, actorName: "Steward \(name)", schoolID: nil, clientAddress: "local", requestID: nil,
            sealing: app.steward.auditSealing, turns: app.steward.auditWriters)
    }
}
