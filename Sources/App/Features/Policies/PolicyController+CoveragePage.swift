// What the coverage page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    struct PersonRow: Encodable, Sendable {
        var id: String
        var name: String
        var group: String
        var status: String
        var overdue: Bool
        var lineManager: String
        var hasAccount: Bool
    }

    struct CoverageContent: Encodable, Sendable {
        var id: String
        var title: String
        var version: Int
        var groups: [GroupRow]
        var total: GroupRow
        var names: Bool
        var outstanding: [PersonRow]
        var withoutAccount: Int
        var canSend: Bool
        /// The day typed in the filter, and (for an earlier day) that day written out.
        var on: String
        var asOf: String
        var figuresCSV: String
        var errors: FormErrors
    }
}
