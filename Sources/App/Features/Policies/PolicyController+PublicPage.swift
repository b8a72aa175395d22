// What the public policy page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    struct PublicContent: Encodable, Sendable {
        var title: String
        var schoolName: String
        var versionNumber: Int
        var published: String
        var hash: String
        /// The version's text, rendered by `policies/document` (`PolicyDocumentCache`).
        var document: String
    }
}
