// What the staff import page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension PeopleImportController {
    struct PlanRow: Encodable, Sendable {
        var name: String
        var detail: String
    }

    struct Content: Encodable, Sendable {
        var errors: [String]
        var importID: String?
        var additions: [PlanRow]
        var changes: [PlanRow]
        var deactivations: [PlanRow]
        var unchanged: Int
        var full: Bool
        var result: String?
    }
}
