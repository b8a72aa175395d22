// One school of the demo, as each feature needs it to add its own example records.

import Foundation
import Vapor

/// One school of the demo: its id and slug, its people by the local part of their address (`teacher`, `ta` …),
/// and where the demo's files are.
struct DemoSchool: Sendable {
    var schoolID: UUID
    var slug: String
    var people: [String: UUID]
    var resources: String

    /// The person with the demo address `local@…`; every demo school has the same ten.
    func person(_ local: String) -> UUID { people[local] ?? UUID() }
}
