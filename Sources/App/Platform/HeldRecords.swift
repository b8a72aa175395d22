// What Steward holds about one person, feature by feature.

import Fluent
import StewardCore
import Vapor

/// What Steward holds about one person, feature by feature.
struct HeldRecords: Sendable, Encodable {
    var feature: String
    var title: String
    var rows: [[String: String]]
    /// How they go into a subject-access export.
    var handling: SubjectAccessHandling = .release
}
