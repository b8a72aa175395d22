// Writing audit entries: each in the same transaction as the change it records, chained to the one before.

import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import StewardCore
import Vapor

/// Who is acting and from where, captured once per request and stamped on every entry it writes.
struct AuditContext: Sendable {
    var actorID: UUID?
    var actorName: String?
    var schoolID: UUID?
    var clientAddress: String?
    var requestID: String?
    /// The key entries are sealed with and where checkpoints go.
    var sealing: AuditSealing

    /// For the command line: an operator at the machine.
    static func command(_ name: String, _ app: Application) -> AuditContext {
        AuditContext(
            actorID: nil, actorName: "steward \(name)", schoolID: nil, clientAddress: "local", requestID: nil,
            sealing: app.steward.auditSealing)
    }

    /// For Steward's own background work.
    static func system(_ name: String, _ app: Application) -> AuditContext {
        AuditContext(
            actorID: nil, actorName: "Steward \(name)", schoolID: nil, clientAddress: "local", requestID: nil,
            sealing: app.steward.auditSealing)
    }
}

/// Appends entries inside a write transaction opened by `AuditLog.write`.
///
/// The head (last sequence number and hash) is read once per transaction, kept here while entries are added, and
/// written back once when the transaction's body is done: a transaction of 5,000 entries costs 5,000 inserts, not
/// 15,000 statements. The transaction holds the head's row lock throughout, so nobody else can move it meanwhile.
final class AuditWriter: Sendable {
    let database: any Database
    let context: AuditContext
    private let state = NIOLockedValueBox<(head: AuditHead?, dirty: Bool)>((nil, false))

    init(database: any Database, context: AuditContext) {
        self.database = database
        self.context = context
    }

    /// Appends one entry; `schoolID` overrides the context's school when the change belongs to another school.
    func append(
        _ action: String, target: String? = nil, schoolID: UUID? = nil, details: [String: String] = [:],
        now: Date = Date()
    ) async throws {
        try await appendAll([(action, target, schoolID, details)], now: now)
    }

    /// Appends several entries with one insert per few hundred entries.
    func appendAll(
        _ entries: [(action: String, target: String?, schoolID: UUID?, details: [String: String])], now: Date = Date()
    ) async throws {
        if entries.isEmpty { return }
        let head = try await loadHead()
        var records: [AuditEntry] = []
        records.reserveCapacity(entries.count)
        let timestamp = AuditRecord.timestamp(now)
        var seq = head.seq
        var hash = head.hash
        for entry in entries {
            var record = AuditRecord(
                seq: seq + 1, occurredAt: timestamp, actorID: context.actorID?.uuidString,
                actorName: context.actorName, schoolID: (entry.schoolID ?? context.schoolID)?.uuidString,
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
            $0.head?.seq = seq
            $0.head?.hash = hash
            $0.dirty = true
        }
    }

    private func loadHead() async throws -> AuditHead {
        if let head = state.withLockedValue({ $0.head }) { return head }
        guard let head = try await AuditHead.find(1, on: database) else {
            throw Abort(.internalServerError, reason: "The audit log has no head row.")
        }
        state.withLockedValue { $0.head = head }
        return head
    }

    /// Writes the head back if entries were added; called once, at the end of the transaction's body.
    /// Answers the head written, for the checkpoint recorded once the transaction commits.
    func finish() async throws -> (seq: Int64, hash: String)? {
        let (head, dirty) = state.withLockedValue { ($0.head, $0.dirty) }
        guard dirty, let head else { return nil }
        try await head.update(on: database)
        state.withLockedValue { $0.dirty = false }
        return (head.seq, head.hash)
    }
}

enum AuditLog {
    /// Runs `body` in one transaction whose first statement takes the audit head's lock, so writers queue
    /// instead of failing, entries chain in commit order, and a change never commits without its entry.
    static func write<T: Sendable>(
        on database: any Database, context: AuditContext,
        _ body: @escaping @Sendable (any Database, AuditWriter) async throws -> T
    ) async throws -> T {
        let (result, head) = try await database.transaction { db in
            guard let sql = db as? any SQLDatabase else {
                throw Abort(.internalServerError, reason: "The audit log needs an SQL database.")
            }
            try await sql.raw("UPDATE audit_head SET seq = seq WHERE id = 1").run()
            let writer = AuditWriter(database: db, context: context)
            let result = try await body(db, writer)
            return (result, try await writer.finish())
        }
        if let head, !context.sealing.recordCheckpoint(seq: head.seq, hash: head.hash) {
            database.logger.error(
                "Could not append to the audit checkpoint file \(context.sealing.checkpointFile.path)")
        }
        return result
    }

    /// Checks the whole chain against its key and the checkpoints kept outside the database, reading it in pages
    /// so memory stays flat however long the log is.
    static func verify(
        on database: any Database, sealing: AuditSealing, pageSize: Int = 2_000
    ) async throws -> AuditVerification {
        var checkpoints: [AuditCheckpoint] = []
        switch sealing.checkpoints() {
        case .success(let read): checkpoints = read
        case .failure(let problem):
            return .broken(seq: 0, reason: "\(problem) (\(sealing.checkpointFile.path))")
        case nil:
            if try await AuditEntry.query(on: database).count() > 0 {
                return .broken(
                    seq: 0, reason: "the checkpoint file \(sealing.checkpointFile.path) is missing")
            }
        }
        var verifier = AuditChainVerifier(key: sealing.chainKey, checkpoints: checkpoints)
        var after: Int64 = 0
        while verifier.failure == nil {
            let page = try await AuditEntry.query(on: database)
                .filter(\.$id > after).sort(\.$id, .ascending).limit(pageSize).all()
            if page.isEmpty { break }
            for entry in page { verifier.check(entry.record) }
            after = page.last?.id ?? after
        }
        guard let head = try await AuditHead.find(1, on: database) else {
            return .broken(seq: 1, reason: "the log's head row is missing")
        }
        return verifier.finish(headSeq: head.seq, headHash: head.hash)
    }
}

extension Request {
    /// The audit context of this request: the signed-in person (if any), their school, address and request id.
    var auditContext: AuditContext {
        AuditContext(
            actorID: currentPerson?.id, actorName: currentPerson?.fullName, schoolID: actor?.schoolID,
            clientAddress: clientAddress, requestID: requestID, sealing: application.steward.auditSealing)
    }

    /// Runs `body` as one audited write transaction.
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database, AuditWriter) async throws -> T) async throws -> T
    {
        try await AuditLog.write(on: db, context: auditContext, body)
    }
}
