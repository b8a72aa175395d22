// What the page of a policy link by mail shows: the view model, as the template reads it.

import Fluent
import SQLKit
import StewardCore
import Vapor

extension PolicyLinkController {
    struct LinkContent: Encodable, Sendable {
        var token: String
        var state: String
        var forename: String
        var title: String
        var schoolName: String
        var versionNumber: Int
        var hash: String
        var preamble: [PolicyController.Block]
        var sections: [PolicyController.SectionView]
        var errors: FormErrors
        var questions: [PolicyController.QuestionView]
    }
}
