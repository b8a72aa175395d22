// One `.eml` file per message, named by the message's id so a retried delivery replaces rather than duplicates.

import Fluent
import Foundation
import Logging
import NIOCore
import SQLKit
import StewardCore
import Vapor

/// One `.eml` file per message, named by the message's id so a retried delivery replaces rather than duplicates.
struct FileMailTransport: MailTransport {
    var directory: URL

    func deliver(_ message: MailMessage, id: UUID) async throws {
        let text = try message.rendered()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(
            "\(UTCTime(message.date).compact)-\(id.uuidString.lowercased()).eml")
        try Data(text.utf8).write(to: file, options: .atomic)
    }
}
