// Every path of the people feature, written once: routes are registered from these and links built from them.

enum PeoplePaths {
    static let list = RoutePath("people")
    static let new = RoutePath("people", "new")
    static let show = RoutePath("people", ":personID")
    static let edit = RoutePath("people", ":personID", "edit")
    static let deactivate = RoutePath("people", ":personID", "deactivate")
    static let reactivate = RoutePath("people", ":personID", "reactivate")
    static let passwordLink = RoutePath("people", ":personID", "password-link")
    static let resetTwoFactor = RoutePath("people", ":personID", "two-factor-reset")
    static let export = RoutePath("people", "export.csv")
    static let importPage = RoutePath("people", "import")
    static let applyImport = RoutePath("people", "import", ":importID", "apply")
    static let cancelImport = RoutePath("people", "import", ":importID", "cancel")
}
