// Records of one kind that name a person, and how to read them as a given viewer may see them.

import Fluent
import StewardCore
import Vapor

/// Records of one kind that name a person: the table and column that name them, and how to read them for that
/// person as `viewer` may see them (a confidential record follows its own access rule here too).
struct PersonalData: Sendable {
    var title: String
    var table: String
    var column: String
    /// How the records go into a subject-access export: released, checked first, or held back for a decision.
    var handling: SubjectAccessHandling = .release
    var read: @Sendable (_ personID: UUID, _ viewer: Actor, _ db: any Database) async throws -> [[String: String]]
}
