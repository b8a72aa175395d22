// Writing audit entries: each in the same transaction as the change it records, chained to the one before.

import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import StewardCore
import Vapor

enum AuditLog {
    /// Runs `body` in one transaction whose first statement takes the audit head's lock, so writers queue
    /// instead of failing, entries chain in commit order, and a change never commits without its entry.
    static func write<T: Sendable>(
        on database: any Database, context: AuditContext,
        _ body: @escaping @Sendable (any Database, AuditWriter) async throws -> T
    ) async throws -> T {
        let (result, head): (T, (seq: Int64, hash: String)?)
        // On PostgreSQL an instance's writers take their turns here before they take a connection (`WriteQueue`);
        // SQLite's transactions queue in its driver, and a write inside a transaction already has its turn.
        if !database.inTransaction, (database as? any SQLDatabase)?.dialect.name == "postgresql" {
            try await context.turns.acquire()
            do {
                (result, head) = try await transaction(on: database, context: context, body)
                await context.turns.release()
            } catch {
                await context.turns.release()
                throw error
            }
        } else {
            (result, head) = try await transaction(on: database, context: context, body)
        }
        if let head, !context.sealing.recordCheckpoint(seq: head.seq, hash: head.hash) {
            database.logger.error(
                "Could not append to the audit checkpoint file \(context.sealing.checkpointFile.path)")
        }
        return result
    }

    /// The transaction itself: the head's lock, `body`, the entries it appended; answers the head it left.
    private static func transaction<T: Sendable>(
        on database: any Database, context: AuditContext,
        _ body: @escaping @Sendable (any Database, AuditWriter) async throws -> T
    ) async throws -> (T, (seq: Int64, hash: String)?) {
        try await database.transaction { db in
            guard let sql = db as? any SQLDatabase else {
                throw Abort(.internalServerError, reason: "The audit log needs an SQL database.")
            }
            // Taking the lock reads the head too: one round trip fewer while every other writer waits.
            guard
                let head = try await sql.raw("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
                    .first(decoding: AuditWriter.Head.self)
            else { throw Abort(.internalServerError, reason: "The audit log has no head row.") }
            let writer = AuditWriter(database: db, context: context, head: head)
            let result = try await body(db, writer)
            return (result, try await writer.finish())
        }
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
        let redactions = try await AuditBlank.query(on: database).all().map(\.redaction)
        var verifier = AuditChainVerifier(
            key: sealing.chainKey, checkpoints: checkpoints, redactions: redactions)
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
            clientAddress: clientAddress, requestID: requestID, sealing: application.steward.auditSealing,
            turns: application.steward.auditWriters)
    }

    /// Runs `body` as one audited write transaction.
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database, AuditWriter) async throws -> T) async throws -> T
    {
        try await AuditLog.write(on: db, context: auditContext, body)
    }
}
