// Every path of the retention schedule, the purge's list and legal holds, written once.

enum RetentionPaths {
    static let schedule = RoutePath("settings", "retention")
    static let limits = RoutePath("settings", "retention", "limits")
    static let due = RoutePath("settings", "retention", "due")
    static let holds = RoutePath("settings", "holds")
    static let lift = RoutePath("settings", "holds", ":holdID", "lift")
    static let requests = RoutePath("records", "requests")
    static let request = RoutePath("records", "requests", ":requestID")
    static let export = RoutePath("records", "requests", ":requestID", "export")
    static let close = RoutePath("records", "requests", ":requestID", "close")
    static let erase = RoutePath("records", "requests", ":requestID", "erase")
}
