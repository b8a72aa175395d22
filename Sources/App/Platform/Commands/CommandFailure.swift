// A failure of a command, with the message to print and the exit status.

import StewardCore
import Vapor

/// A failure of a command the operator can fix, with the message to print on standard error and the exit status
/// (64 for bad usage or values, 65 for bad data, 1 when what was asked for is not there).
public struct CommandFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var code: Int32
    public var description: String { message }

    public init(message: String, code: Int32) {
        self.message = message
        self.code = code
    }

    /// Bad usage: an option's value that cannot be right (exit status 64, EX_USAGE).
    static func usage(_ message: String) -> CommandFailure { CommandFailure(message: message, code: 64) }
}

// Thrown inside Vapor's own commands, the message is printed once by the runner; Vapor's report would repeat it.
extension CommandFailure: DebuggableError {
    public var identifier: String { "failure-\(code)" }
    public var reason: String { message }
    public var logLevel: Logger.Level { .debug }
}
