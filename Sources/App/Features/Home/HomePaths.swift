// Every path of the home feature, written once.

enum HomePaths {
    static let home = RoutePath()
    static let switchSchool = RoutePath("school")
    static let health = RoutePath("healthz")
}
