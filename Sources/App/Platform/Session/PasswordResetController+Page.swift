// What the password pages show: the view model, as the template reads it.

import Fluent
import SQLKit
import StewardCore
import Vapor

extension PasswordResetController {
    struct RequestContent: Encodable, Sendable {
        var email: String
        var errors: FormErrors
        var sent: Bool
    }

    struct ResetContent: Encodable, Sendable {
        var token: String
        var valid: Bool
        var email: String
        var errors: FormErrors
    }
}
