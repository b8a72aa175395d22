// Every path of the official accounts register, written once: routes are registered from these and links built
// from them.

enum OfficialAccountPaths {
    static let list = RoutePath("accounts")
    static let new = RoutePath("accounts", "new")
    static let show = RoutePath("accounts", ":accountID")
    static let edit = RoutePath("accounts", ":accountID", "edit")
    static let retire = RoutePath("accounts", ":accountID", "retire")
    static let administrators = RoutePath("accounts", ":accountID", "administrators")
    static let removeAdministrator = RoutePath("accounts", ":accountID", "administrators", ":personID", "remove")
    static let handoverDone = RoutePath("accounts", "handovers", ":handoverID", "done")
}
