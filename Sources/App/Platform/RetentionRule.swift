// How long records of one kind are kept, and what removes them when that time is up.

import Fluent
import StewardCore
import Vapor

/// How long records of one kind are kept: `period` after `after`, then removed by `purge` (which answers how many
/// it removed). A rule with no period keeps its records until the school sets one.
struct RetentionRule: Sendable {
    var key: String
    var records: String
    var period: TimeInterval?
    var after: String
    var purge: (@Sendable (_ db: any Database, _ now: Date) async throws -> Int)?
}

extension QueryBuilder {
    /// Deletes what the query matches and answers how many there were, for a retention rule's purge.
    func deleteCounting() async throws -> Int {
        let count = try await count()
        try await delete()
        return count
    }
}
