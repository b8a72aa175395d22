// What the audit log page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension AuditController {
    struct Row: Encodable, Sendable {
        var at: String
        var actor: String
        var action: String
        var target: String
        var client: String
        var details: String
    }

    struct Content: Encodable, Sendable {
        var rows: [Row]
        var action: String
        var actor: String
        var from: String
        var to: String
        var olderPage: Int?
        var errors: FormErrors
    }
}
