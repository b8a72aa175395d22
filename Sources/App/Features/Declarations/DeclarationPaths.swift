// Every path of declarations, written once: routes are registered from these and links built from them.

enum DeclarationPaths {
    static let list = RoutePath("declarations")
    static let new = RoutePath("declarations", "new")
    static let confirm = RoutePath("declarations", "confirm")
    static let coverage = RoutePath("declarations", "coverage")
    static let coverageCSV = RoutePath("declarations", "coverage.csv")
    static let settings = RoutePath("declarations", "settings")
    static let show = RoutePath("declarations", ":declarationID")
    static let outcome = RoutePath("declarations", ":declarationID", "outcome")
    static let close = RoutePath("declarations", ":declarationID", "close")

    static let apiList = RoutePath("api", "v1", "declarations")
    static let apiShow = RoutePath("api", "v1", "declarations", ":declarationID")
}
