// What the roster import page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension RosterImportController {
    struct Content: Encodable, Sendable {
        var errors: [String]
        var importID: String?
        var additions: [String]
        var changes: [String]
        var removals: [String]
        var unchanged: Int
        var result: String?
    }
}
