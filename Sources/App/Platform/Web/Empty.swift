// The content of a page that shows only its frame.

import Fluent
import StewardCore
import Vapor

struct Empty: Encodable, Sendable {}
