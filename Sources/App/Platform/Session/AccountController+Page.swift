// What the account page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension AccountController {
    struct TokenRow: Encodable, Sendable {
        var id: String
        var name: String
        var created: String
        var lastUsed: String?
        var expires: String
        var scopes: String
    }

    struct AccountContent: Encodable, Sendable {
        var name: String
        var email: String
        var kind: String
        var jobTitle: String
        var roles: [String]
        var twoFactorEnabled: Bool
        var twoFactorRequired: Bool
        var recoveryCodesLeft: Int
        var tokens: [TokenRow]
        var newToken: String?
        var passwordErrors: FormErrors
        var tokenErrors: FormErrors
        var tokenName: String
        /// Whether forms that change the account need a code typed now (no second factor proved recently).
        var needsCode: Bool
        var lifetimes: [LifetimeOption]
        var offersCasesScope: Bool
        /// Why new recovery codes were not made.
        var recoveryErrors: FormErrors
        /// The person's link to the school's own account, in words, if any.
        var schoolAccount: String? = nil
        /// "Microsoft" when the school signs people in with its own account and this person has no link yet.
        var canLinkSchoolAccount: String? = nil
    }

    struct LifetimeOption: Encodable, Sendable {
        var days: Int
        var selected: Bool
    }
}
