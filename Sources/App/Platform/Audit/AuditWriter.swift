// Appends entries inside a write transaction opened by `AuditLog.write`.

import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import StewardCore
import Vapor

/// Appends entries inside a write transaction opened by `AuditLog.write`.
///
/// The head (last sequence number and hash) is read with the lock that opens the transaction, kept here while
/// entries are added, and written back once when the transaction's body is done: a transaction of 5,000 entries
/// costs 5,000 inserts, not 15,000 statements. The transaction holds the head's row lock throughout, so nobody else
/// can move it meanwhile.
final class AuditWriter: Sendable {
    /// The last sequence number and hash written.
    struct Head: Decodable, Sendable {
        var seq: Int64
        var hash: String
    }

    let database: any Database
    let context: AuditContext
    private let state: NIOLockedValueBox<(head: Head, dirty: Bool)>

    init(database: any Database, context: AuditContext, head: Head) {
        self.database = database
        self.context = context
        state = NIOLockedValueBox((head, false))
    }

    /// Appends one entry; `schoolID` overrides the context's school when the change belongs to another school.
    func append(
        _ action: String, target: String? = nil, schoolID: UUID? = nil, details: [String: String] = [:],
        now: Date = Date()
    ) async throws {
        try await appendAll([(action, target, schoolID, details)], now: now)
    }

    /// Appends several entries with one insert per few hundred entries; an entry without a school takes the
    /// context's.
    func appendAll(
        _ entries: [(action: String, target: String?, schoolID: UUID?, details: [String: String])], now: Date = Date()
    ) async throws {
        try await write(entries.map { ($0.action, $0.target, $0.schoolID ?? context.schoolID, $0.details) }, now: now)
    }

    /// Appends an entry that belongs to no school, whatever the context: only trust administrators see it on the
    /// audit log's page (for an entry whose very existence would tell a school's headteacher about a hidden case).
    func appendTrustWide(_ action: String, target: String? = nil, details: [String: String] = [:]) async throws {
        try await write([(action, target, nil, details)], now: Date())
    }

    private func write(
        _ entries: [(action: String, target: String?, schoolID: UUID?, details: [String: String])], now: Date
    ) async throws {
        if entries.isEmpty { return }
        let head = state.withLockedValue { $0.head }
        var records: [AuditEntry] = []
        records.reserveCapacity(entries.count)
        let timestamp = AuditRecord.timestamp(now)
        var seq = head.seq
        var hash = head.hash
        for entry in entries {
            var record = AuditRecord(
                seq: seq + 1, occurredAt: timestamp, actorID: context.actorID?.uuidString,
                actorName: context.actorName, schoolID: entry.schoolID?.uuidString,
                action: entry.action, target: entry.target, clientAddress: context.clientAddress,
                requestID: context.requestID, details: AuditRecord.canonicalDetails(entry.details), prevHash: hash)
            record.seal(after: hash, key: context.sealing.chainKey)
            seq = record.seq
            hash = record.hash
            records.append(AuditEntry(record))
        }
        var start = 0
        while start < records.count {
            let end = min(start + 500, records.count)
            try await Array(records[start..<end]).create(on: database)
            start = end
        }
        state.withLockedValue {
            $0.head = Head(seq: seq, hash: hash)
            $0.dirty = true
        }
    }

    /// Writes the head back if entries were added; called once, at the end of the transaction's body.
    /// Answers the head written, for the checkpoint recorded once the transaction commits.
    func finish() async throws -> (seq: Int64, hash: String)? {
        let (head, dirty) = state.withLockedValue { ($0.head, $0.dirty) }
        guard dirty else { return nil }
        guard let sql = database as? any SQLDatabase else {
            throw Abort(.internalServerError, reason: "The audit log needs an SQL database.")
        }
        try await sql.update(AuditHead.schema).set("seq", to: head.seq).set("hash", to: head.hash)
            .where("id", .equal, 1).run()
        state.withLockedValue { $0.dirty = false }
        return (head.seq, head.hash)
    }
}
