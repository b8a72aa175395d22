// Every path of the privacy self-check, written once: routes are registered from these and links built from them.

enum SelfCheckPaths {
    static let list = RoutePath("self-checks")
    static let new = RoutePath("self-checks", "new")
    static let help = RoutePath("self-checks", "help")
    static let closeHelp = RoutePath("self-checks", "help", ":taskID", "close")
    static let coverage = RoutePath("self-checks", "coverage")
    static let coverageCSV = RoutePath("self-checks", "coverage.csv")
    static let settings = RoutePath("self-checks", "settings")
    static let show = RoutePath("self-checks", ":checkID")

    static let apiList = RoutePath("api", "v1", "self-checks")
}
