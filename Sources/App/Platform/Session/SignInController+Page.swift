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
        /// "Sign in with Microsoft", one per school that has turned its provider on.
        var providers: [SchoolSignIn.Button] = []
        /// After signing out: the provider's own sign-out, offered because its session outlives Steward's.
        var providerSignOut: ProviderSignOut?

        struct ProviderSignOut: Encodable, Sendable {
            var title: String
            var address: String
        }
    }

    struct CodeContent: Encodable, Sendable {
        var next: String
        var errors: FormErrors
    }
}
