// What a route needs beyond its action, declared where the route is registered.

import Vapor

enum RouteRequirement: String, Sendable {
    /// A second factor proved within the last 15 minutes (for the API: a token granted the cases scope) before the
    /// route's record is shown or changed in full. The school-scoped finder raises it once it knows the actor's
    /// access to the record; `AccessMiddleware` answers it.
    case recentSecondFactor
}

extension Route {
    static let requirementKey = "steward.requires"

    /// What this route needs beyond its action, as declared when it was registered.
    var requirement: RouteRequirement? { userInfo[Route.requirementKey] as? RouteRequirement }
}
