// Leave for the purge to delete rows the database otherwise keeps as written (a case's chronology and evidence,
// acknowledgements): a row here names a record whose rows may go, for the length of the purge's transaction.

import Fluent
import Foundation

/// Leave for the purge to delete the kept rows of one record (a case's chronology and evidence, by the case's id;
/// an acknowledgement, by its own). The tables' triggers refuse every other deletion, and every change.
final class PurgePermit: Model, @unchecked Sendable {
    static let schema = "purge_permits"

    @ID(custom: "record_id", generatedBy: .user) var id: UUID?

    var properties: [any AnyProperty] { [$id] }

    init() {}

    init(_ recordID: UUID) { self.id = recordID }

    /// Runs `body` (inside the caller's transaction) with leave to delete the kept rows of `ids`, then withdraws it.
    static func during<T>(_ ids: [UUID], on db: any Database, _ body: () async throws -> T) async throws -> T {
        guard !ids.isEmpty else { return try await body() }
        try await ids.map(PurgePermit.init).create(on: db)
        let result = try await body()
        try await PurgePermit.query(on: db).filter(\.$id ~~ ids).delete()
        return result
    }
}
