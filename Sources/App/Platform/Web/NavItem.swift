// One link of the navigation as a page shows it.

import Fluent
import StewardCore
import Vapor

struct NavItem: Encodable, Sendable {
    var title: String
    var href: String
    var current: Bool
}
