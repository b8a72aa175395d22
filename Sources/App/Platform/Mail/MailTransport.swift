// Hands a rendered message to the world outside.

import Fluent
import Foundation
import Logging
import NIOCore
import SQLKit
import StewardCore
import Vapor

/// Hands a rendered message to the world outside. Throwing means "not delivered": the message stays queued.
protocol MailTransport: Sendable {
    func deliver(_ message: MailMessage, id: UUID) async throws
}
