// The day a relationship ended, as the close form sends it.

import Vapor

/// The day a relationship ended.
struct DeclarationCloseForm: Content, Sendable {
    var endedOn: String?
}
