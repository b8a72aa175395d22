// What the home page shows: the view model, as the template reads it.

import Fluent
import SQLKit
import StewardCore
import Vapor

extension HomeController {
    struct HomeContent: Encodable, Sendable {
        var forename: String
        var roles: [String]
        var kind: String
        var twoFactorEnabled: Bool
        var twoFactorOffered: Bool
        var links: [NavItem]
        var outstanding: [PolicyController.Row]
        /// What each feature has waiting for this person.
        var work: [WorkItem]
    }
}
