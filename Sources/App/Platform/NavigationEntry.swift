// One entry in the navigation: shown when `action` is allowed, in ascending `order`.

import Fluent
import StewardCore
import Vapor

/// One entry in the navigation: shown when `action` is allowed, in ascending `order`.
struct NavigationEntry: Sendable {
    var title: String
    var path: String
    var action: Action
    var order: Int
}
