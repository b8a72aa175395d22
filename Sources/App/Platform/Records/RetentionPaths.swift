// Every path of the retention schedule, written once.

enum RetentionPaths {
    static let schedule = RoutePath("settings", "retention")
    static let limits = RoutePath("settings", "retention", "limits")
}
