// The API's own paths (who is calling, the caller's people), written once.

enum APIPaths {
    static let me = RoutePath("api", "v1", "me")
    static let people = RoutePath("api", "v1", "people")
    static let person = RoutePath("api", "v1", "people", ":personID")
}
