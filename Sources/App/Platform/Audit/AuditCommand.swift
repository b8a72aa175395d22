// `steward audit verify`: proves the audit log's hash chain unbroken, or names the first bad entry.

import StewardCore
import Vapor

struct AuditCommand: AsyncCommandGroup {
    var help: String { "Work with the audit log." }
    var commands: [String: any AnyAsyncCommand] { ["verify": AuditVerifyCommand()] }
}

/// Thrown to make the process exit with a status after a command has printed its own message.
public struct CommandExit: Error, Sendable {
    public var code: Int32
    public init(_ code: Int32) { self.code = code }
}

// The command has already said what went wrong; Vapor's own report of the error would only repeat it as noise.
extension CommandExit: DebuggableError {
    public var identifier: String { "exit-\(code)" }
    public var reason: String { "exit status \(code)" }
    public var logLevel: Logger.Level { .debug }
}

extension CommandFailure: DebuggableError {
    public var identifier: String { "failure-\(code)" }
    public var reason: String { message }
    public var logLevel: Logger.Level { .debug }
}

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
