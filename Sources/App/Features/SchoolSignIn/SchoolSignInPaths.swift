// Every path of signing in with the school's own account, written once.

enum SchoolSignInPaths {
    static let start = RoutePath("login", "with", ":providerID")
    static let callback = RoutePath("login", "callback")
    static let stepUp = RoutePath("step-up", "with-provider")
    static let settings = RoutePath("settings", "sign-in")
    static let link = RoutePath("account", "sign-in-link")
    static let unlink = RoutePath("people", ":personID", "sign-in-link", "remove")
}
