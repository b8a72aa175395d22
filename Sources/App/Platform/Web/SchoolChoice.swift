// One school in the school switcher of someone who works in several.

import Fluent
import StewardCore
import Vapor

struct SchoolChoice: Encodable, Sendable {
    var id: String
    var name: String
    var current: Bool
}
