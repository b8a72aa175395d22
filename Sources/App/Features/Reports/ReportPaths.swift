// Every path of the governors' reports, written once: routes are registered from these and links built from them.

enum ReportPaths {
    static let list = RoutePath("reports")
    static let new = RoutePath("reports", "new")
    static let show = RoutePath("reports", ":reportID")
    static let narrative = RoutePath("reports", ":reportID", "narrative")
    static let publish = RoutePath("reports", ":reportID", "publish")
    static let correct = RoutePath("reports", ":reportID", "correct")
    static let discard = RoutePath("reports", ":reportID", "discard")
    static let table = RoutePath("reports", ":reportID", "tables", ":tableKey")
    static let trust = RoutePath("reports", "trust")
    /// `?table=…&from=…&to=…`: the table is a query, not a path parameter, since it names no record (a route with a
    /// parameter leaves the access check to its handler's finder).
    static let trustTable = RoutePath("reports", "trust", "table.csv")
    static let apiList = RoutePath("api", "v1", "reports")
    static let apiShow = RoutePath("api", "v1", "reports", ":reportID")
}
