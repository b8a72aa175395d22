// A failure of a command, with the message to print and the exit status.

import Fluent
import Foundation
import StewardCore
import Vapor

/// A failure of a command, with the message to print and the exit status.
public struct CommandFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var code: Int32
    public var description: String { message }
}
