// `steward audit …`: the audit commands' group.

import StewardCore
import Vapor

struct AuditCommand: AsyncCommandGroup {
    var help: String { "Work with the audit log." }
    var commands: [String: any AnyAsyncCommand] { ["verify": AuditVerifyCommand()] }
}

extension CommandFailure: DebuggableError {
    public var identifier: String { "failure-\(code)" }
    public var reason: String { message }
    public var logLevel: Logger.Level { .debug }
}
