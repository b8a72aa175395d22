// What the sign-in pages show: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension SignInController {
    struct SignInContent: Encodable, Sendable {
        var email: String
        var next: String
        var errors: FormErrors
        var signedOut: Bool
        var passwordReset = false
    }

    struct CodeContent: Encodable, Sendable {
        var next: String
        var errors: FormErrors
    }
}
