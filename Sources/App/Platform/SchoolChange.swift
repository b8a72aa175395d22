// Something about a school's people, pupils or policies changed: every feature hears of it inside the write that
// changed it.

import Fluent
import Foundation
import StewardCore

/// Something about a school's people or pupils changed; told to every feature inside the write that changed it, so
/// what follows (an account handover, a rebuilt screener) commits or rolls back with the change.
enum SchoolChange: Sendable {
    /// The pupil roster was imported or changed.
    case roster(schoolID: UUID)
    /// Someone joined, was renamed or came back.
    case staff(schoolID: UUID)
    /// Someone was deactivated (left the school).
    case left(personID: UUID, schoolID: UUID)
    /// Someone lost roles in a school.
    case rolesTaken(personID: UUID, schoolID: UUID, roles: Set<Role>)
    /// A version of a policy was published.
    case policyPublished(policyID: UUID, schoolID: UUID)

    var schoolID: UUID {
        switch self {
        case .roster(let id), .staff(let id): id
        case .left(_, let id), .rolesTaken(_, let id, _), .policyPublished(_, let id): id
        }
    }
}

extension Features {
    /// Tells every feature of `change`, inside the write that made it.
    static func tell(_ change: SchoolChange, on db: any Database, audit: AuditWriter) async throws {
        for feature in all { try await feature.react(to: change, on: db, audit: audit) }
    }
}
