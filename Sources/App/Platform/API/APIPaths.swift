// The API's own paths (who is calling, the caller's people, the API's contract), written once.

enum APIPaths {
    static let me = RoutePath("api", "v1", "me")
    static let people = RoutePath("api", "v1", "people")
    static let person = RoutePath("api", "v1", "people", ":personID")
    /// The OpenAPI document of everything under /api/v1 (Resources/OpenAPI/openapi.json).
    static let contract = RoutePath("api", "v1", "openapi.json")
}
