// Writing audit entries: each in the same transaction as the change it records, chained to the one before.

import Fluent
import Foundation
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

    /// For the command line: an operator at the machine.
    static func command(_ name: String) -> AuditContext {
        AuditContext(actorID: nil, actorName: "steward \(name)", schoolID: nil, clientAddress: "local", requestID: nil)
    }
}

/// Appends entries inside a write transaction opened by `AuditLog.write`.
struct AuditWriter: Sendable {
    let database: any Database
    let context: AuditContext

    /// Appends one entry; `schoolID` overrides the context's school when the change belongs to another school.
    func append(
        _ action: String, target: String? = nil, schoolID: UUID? = nil, details: [String: String] = [:],
        now: Date = Date()
    ) async throws {
        guard let head = try await AuditHead.find(1, on: database) else {
            throw Abort(.internalServerError, reason: "The audit log has no head row.")
        }
        var record = AuditRecord(
            seq: head.seq + 1, occurredAt: AuditRecord.timestamp(now), actorID: context.actorID?.uuidString,
            actorName: context.actorName, schoolID: (schoolID ?? context.schoolID)?.uuidString, action: action,
            target: target, clientAddress: context.clientAddress, requestID: context.requestID,
            details: AuditRecord.canonicalDetails(details), prevHash: head.hash)
        record.seal(after: head.hash)
        try await AuditEntry(record).create(on: database)
        head.seq = record.seq
        head.hash = record.hash
        try await head.update(on: database)
    }
}

enum AuditLog {
    /// Runs `body` in one transaction whose first statement takes the audit head's lock, so writers queue
    /// instead of failing, entries chain in commit order, and a change never commits without its entry.
    static func write<T: Sendable>(
        on database: any Database, context: AuditContext,
        _ body: @escaping @Sendable (any Database, AuditWriter) async throws -> T
    ) async throws -> T {
        try await database.transaction { db in
            guard let sql = db as? any SQLDatabase else {
                throw Abort(.internalServerError, reason: "The audit log needs an SQL database.")
            }
            try await sql.raw("UPDATE audit_head SET seq = seq WHERE id = 1").run()
            return try await body(db, AuditWriter(database: db, context: context))
        }
    }

    /// Checks the whole chain, reading it in pages so memory stays flat however long the log is.
    static func verify(on database: any Database, pageSize: Int = 2_000) async throws -> AuditVerification {
        var verifier = AuditChainVerifier()
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
            clientAddress: clientAddress, requestID: requestID)
    }

    /// Runs `body` as one audited write transaction.
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database, AuditWriter) async throws -> T) async throws -> T
    {
        try await AuditLog.write(on: db, context: auditContext, body)
    }
}
