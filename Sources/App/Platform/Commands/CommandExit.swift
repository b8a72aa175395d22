// Thrown to make the process exit with a status after a command has printed its own message.

import StewardCore
import Vapor

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
