// What the step-up page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension StepUpController {
    struct StepUpContent: Encodable, Sendable {
        var next: String
        var hasTwoFactor: Bool
        var errors: FormErrors
    }
}
