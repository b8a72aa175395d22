// What the pupil roster page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension RosterController {
    struct Row: Encodable, Sendable {
        var name: String
        var className: String
        var photoInSchool: Bool
        var photoOnWebsite: Bool
        var photoOnSocialMedia: Bool
        var nameOnSocialMedia: Bool
    }

    struct Content: Encodable, Sendable {
        var pupils: [Row]
        var classes: [String]
        var selectedClass: String
        var total: Int
        var canImport: Bool
        var canExport: Bool
    }
}
