// What the staff import page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension PeopleImportController {
    struct PlanRow: Encodable, Sendable {
        var name: String
        var detail: String
        /// For someone to be deactivated: their roles, and why they need a second look.
        var roles: String = ""
        var alarms: [String] = []
    }

    struct Content: Encodable, Sendable {
        var errors: [String]
        var importID: String?
        var additions: [PlanRow]
        var changes: [PlanRow]
        var deactivations: [PlanRow]
        /// People the file leaves out whom the import will not deactivate, and why.
        var kept: [PlanRow]
        var unchanged: Int
        var full: Bool
        var result: String?
        /// Deactivations that need a second look: the importer must tick a box before the import is applied.
        var alarming: Int = 0
        /// The error when they did not.
        var confirmErrors = FormErrors()
        /// The digest of the plan shown, sent back with the confirmation.
        var planDigest = ""
    }
}
