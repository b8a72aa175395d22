// Every path of the concerns feature, written once: routes are registered from these and links built from them.

enum ConcernPaths {
    static let list = RoutePath("concerns")
    static let new = RoutePath("concerns", "new")
    static let figures = RoutePath("concerns", "figures")
    static let figuresCSV = RoutePath("concerns", "figures.csv")
    static let show = RoutePath("concerns", ":caseID")
    static let chronology = RoutePath("concerns", ":caseID", "chronology")
    static let move = RoutePath("concerns", ":caseID", "state")
    static let entries = RoutePath("concerns", ":caseID", "entries")
    static let members = RoutePath("concerns", ":caseID", "members")
    static let evidence = RoutePath("concerns", ":caseID", "evidence")
    static let download = RoutePath("concerns", ":caseID", "evidence", ":evidenceID")

    static let apiList = RoutePath("api", "v1", "concerns")
    static let apiShow = RoutePath("api", "v1", "concerns", ":caseID")
}
