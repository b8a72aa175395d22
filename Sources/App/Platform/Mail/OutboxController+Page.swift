// What the mail and jobs page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension OutboxController {
    struct MessageRow: Encodable, Sendable {
        var id: String
        var created: String
        var recipient: String
        var subject: String
        var status: String
        var failing: Bool
        var attempts: Int
        var lastError: String
        var nextAttempt: String
        var canRetry: Bool
    }

    struct JobRow: Encodable, Sendable {
        var kind: String
        var status: String
        var attempts: String
        var lastError: String
        var lastRun: String
    }

    struct Content: Encodable, Sendable {
        var messages: [MessageRow]
        var jobs: [JobRow]
        var waiting: Int
        var failing: Int
        var transport: String
        var show: String
        var canRetry: Bool
    }
}
