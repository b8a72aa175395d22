// Where a record named by a route may be found.

import Fluent
import StewardCore
import Vapor

/// Where a record named by a route may be found.
enum SchoolReach: Sendable {
    /// Any school the actor reaches (a trust administrator's every school).
    case allMySchools
    /// Only the school the actor is working in: pages that act on the current school's library or imports.
    case currentSchool
}
