// `steward audit verify`: proves the audit log's hash chain unbroken, or names the first bad entry.

import StewardCore
import Vapor

struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Check every audit entry is present, unchanged and in order. Exits 0 when whole, 1 when not." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let result = try await AuditLog.verify(
            on: context.application.db, sealing: context.application.steward.auditSealing)
        switch result {
        case .intact(let count, let hash):
            context.console.print("Audit log intact: \(count) entries, last hash \(hash).")
        case .broken(let seq, let reason) where seq == 0:
            context.console.error("Audit log cannot be trusted: \(reason).")
            throw CommandExit(1)
        case .broken(let seq, let reason):
            context.console.error("Audit log BROKEN at entry \(seq): \(reason).")
            throw CommandExit(1)
        }
    }
}
