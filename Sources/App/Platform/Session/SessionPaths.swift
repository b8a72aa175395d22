// Every path of signing in, password links and the step-up, written once.

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
