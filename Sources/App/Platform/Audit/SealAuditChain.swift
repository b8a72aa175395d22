// Re-seals an audit log written with plain SHA-256 under the keyed MAC, once, after checking it was whole.

import Crypto
import Fluent
import Foundation
import SQLKit
import StewardCore

/// Entries written before the chain was keyed carry plain SHA-256 hashes, which anyone holding the database could
/// recompute. This checks the old chain end to end, refuses to go on if it is broken (re-sealing would launder the
/// tampering), re-seals every entry under the key derived from `STEWARD_SECRET_KEY`, and writes the first
/// checkpoint outside the database.
struct SealAuditChain: AsyncMigration {
    let sealing: AuditSealing
    var name: String { "2026-11-30-seal-audit-chain" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let entries = try await AuditEntry.query(on: database).sort(\.$id, .ascending).all()
        var previous = AuditRecord.genesisHash
        for entry in entries {
            let record = entry.record
            let plain = SHA256.hash(data: record.canonicalBytes).map { String(format: "%02x", $0) }.joined()
            guard record.prevHash == previous, plain == record.hash else {
                throw SealRefused(seq: record.seq)
            }
            previous = record.hash
        }
        let dialect = sql.dialect.name
        for statement in AuditTriggers.drop(dialect: dialect) { try await sql.raw(SQLQueryString(statement)).run() }
        var hash = AuditRecord.genesisHash
        var seq: Int64 = 0
        for entry in entries {
            var record = entry.record
            record.seal(after: hash, key: sealing.chainKey)
            try await sql.update("audit_entries").set("prev_hash", to: record.prevHash).set("hash", to: record.hash)
                .where("seq", .equal, record.seq).run()
            hash = record.hash
            seq = record.seq
        }
        try await sql.update("audit_head").set("seq", to: seq).set("hash", to: hash).where("id", .equal, 1).run()
        for statement in AuditTriggers.create(dialect: dialect) {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        if seq > 0 { _ = sealing.recordCheckpoint(seq: seq, hash: hash) }
    }

    /// The keyed chain cannot be turned back into plain hashes without the key's holder choosing to; reverting
    /// leaves the entries as they are.
    func revert(on database: any Database) async throws {}

    struct SealRefused: Error, CustomStringConvertible {
        var seq: Int64
        var description: String {
            "The audit log is broken at entry \(seq), so it was not re-sealed. Run `steward audit verify` on a copy "
                + "and restore the log from a backup before upgrading."
        }
    }
}
