// Writes the message to the log: for trying Steward out without a mail server.

import Fluent
import Foundation
import Logging
import NIOCore
import SQLKit
import StewardCore
import Vapor

/// Writes the message to the log: for trying Steward out without a mail server.
struct LogMailTransport: MailTransport {
    var logger: Logger

    func deliver(_ message: MailMessage, id: UUID) async throws {
        logger.notice("Mail to \(message.to): \(message.subject)\n\(message.body)")
    }
}
