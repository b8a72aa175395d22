// What the register page shows: the view model, as the template reads it.

import StewardCore
import Vapor

extension OfficialAccountController {
    struct AccountRow: Encodable, Sendable {
        var id: String
        var title: String
        var platform: String
        var handle: String
        var address: String
        var purpose: String
        var administrators: [String]
        var retired: Bool
        var reportHref: String
    }

    struct HandoverRow: Encodable, Sendable {
        var id: String
        var account: String
        var address: String
        var person: String
        var reason: String
        var since: String
    }

    struct ListContent: Encodable, Sendable {
        var accounts: [AccountRow]
        var retired: [AccountRow]
        var handovers: [HandoverRow]
        var canManage: Bool
    }
}
