// What the people list shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension PeopleController {
    struct PersonRow: Encodable, Sendable {
        var id: String
        var name: String
        var email: String
        var kind: String
        var jobTitle: String
        var roles: String
        var active: Bool
    }

    struct IndexContent: Encodable, Sendable {
        var people: [PersonRow]
        var show: String
        var query: String
        var canManage: Bool
        var canExport: Bool
        var total: Int
    }

    struct ShowContent: Encodable, Sendable {
        var id: String
        var name: String
        var email: String
        var kind: String
        var jobTitle: String
        var lineManager: String?
        var startDate: String?
        var leavingDate: String?
        var roles: [String]
        var active: Bool
        var canSignIn: Bool
        var twoFactor: Bool
        var canManage: Bool
        var isSelf: Bool
        /// "Microsoft, since 1 December 2026": the person's link to the school's own account, if any.
        var signInLink: String?
    }
}
