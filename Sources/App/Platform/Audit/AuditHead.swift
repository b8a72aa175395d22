// The audit log's one head row: the last sequence number and hash written, which serialises writers.

import Fluent
import Foundation
import StewardCore

/// The last sequence number and hash written. Every writer updates this row first, which takes the database's
/// write lock (SQLite) or the row lock (PostgreSQL), so entries are chained one at a time, in commit order.
final class AuditHead: Model, @unchecked Sendable {
    static let schema = "audit_head"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "seq") var seq: Int64
    @Field(key: "hash") var hash: String

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $seq, $hash]
    }

    init() {}

    init(seq: Int64, hash: String) {
        self.id = 1
        self.seq = seq
        self.hash = hash
    }
}
