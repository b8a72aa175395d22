// Every path of signing in, password links, the step-up and a person's own account, written once.

enum SessionPaths {
    static let login = RoutePath("login")
    static let code = RoutePath("login", "2fa")
    static let enrol = RoutePath("login", "enrol")
    static let enrolQR = RoutePath("login", "enrol", "qr.svg")
    static let logout = RoutePath("logout")
    static let forgotPassword = RoutePath("password", "forgot")
    static let resetPassword = RoutePath("password", "reset")
    static let stepUp = RoutePath("step-up")
}

enum AccountPaths {
    static let account = RoutePath("account")
    static let password = RoutePath("account", "password")
    static let tokens = RoutePath("account", "tokens")
    static let revokeToken = RoutePath("account", "tokens", ":tokenID", "revoke")
    static let twoFactor = RoutePath("account", "two-factor")
    static let twoFactorQR = RoutePath("account", "two-factor", "qr.svg")
    static let disableTwoFactor = RoutePath("account", "two-factor", "disable")
}
