// What the policy list shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    struct Row: Encodable, Sendable {
        var id: String
        var title: String
        var version: Int
        var published: String
        var status: String
        var outstanding: Bool
        var overdue: Bool
        var hasDraft: Bool
    }

    struct IndexContent: Encodable, Sendable {
        var policies: [Row]
        var drafts: [Row]
        var canManage: Bool
    }
}
