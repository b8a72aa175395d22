// What the policy page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    struct ShowContent: Encodable, Sendable {
        var id: String
        var title: String
        var versionID: String
        var versionNumber: Int
        var published: String
        var hash: String
        /// The version's text, rendered by `policies/document` (`PolicyDocumentCache`).
        var document: String
        var status: String
        var outstanding: Bool
        var acknowledged: Bool
        var errors: FormErrors
        var canManage: Bool
        var canSeeFigures: Bool
        var versionCount: Int
        var isPublic: Bool
        var publicURL: String
        var questions: [QuestionView]
    }
}
