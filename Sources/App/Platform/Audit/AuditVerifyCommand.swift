// `steward audit verify`: proves the audit log's hash chain unbroken, or names the first bad entry.

import StewardCore
import Vapor

/// `steward audit verify`: exits 0 when every audit entry is present, unchanged and in order, 1 naming the first that
/// is not.
public struct AuditVerifyCommand: ApplicationCommand {
    public init() {}

    public func run(in app: Application) async throws {
        switch try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing) {
        case .intact(let count, let hash):
            app.console.print("Audit log intact: \(count) entries, last hash \(hash).")
        case .broken(let seq, let reason) where seq == 0:
            throw CommandFailure(message: "Audit log cannot be trusted: \(reason).", code: 1)
        case .broken(let seq, let reason):
            throw CommandFailure(message: "Audit log BROKEN at entry \(seq): \(reason).", code: 1)
        }
    }
}
