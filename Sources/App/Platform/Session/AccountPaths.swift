// Every path of a person's own account page, written once.

enum AccountPaths {
    static let account = RoutePath("account")
    static let password = RoutePath("account", "password")
    static let tokens = RoutePath("account", "tokens")
    static let revokeToken = RoutePath("account", "tokens", ":tokenID", "revoke")
    static let twoFactor = RoutePath("account", "two-factor")
    static let twoFactorQR = RoutePath("account", "two-factor", "qr.svg")
    static let disableTwoFactor = RoutePath("account", "two-factor", "disable")
    static let recoveryCodes = RoutePath("account", "recovery-codes")
}
