// What the policy import page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    struct ImportContent: Encodable, Sendable {
        var policyID: String
        var policyTitle: String
        var text: String
        var errors: FormErrors
    }
}
