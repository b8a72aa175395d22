// An insider holding the database file, but not the instance's key, cannot rewrite the audit log unnoticed: the
// three attacks that passed `audit verify` before the chain was keyed and checkpointed (issue 10, item 6).

import Crypto
import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Audit log against an insider")
struct AuditInsiderTests {
    /// Re-chains every entry from `seq` on with `seal` (plain SHA-256, or a key the insider guessed) and moves the
    /// head to match: everything an insider without the key can do.
    static func rechain(_ app: Application, seal: (AuditRecord) -> String) async throws {
        let sql = try app.sql
        let entries = try await AuditEntry.query(on: app.db).sort(\.$id).all()
        var previous = AuditRecord.genesisHash
        var last: Int64 = 0
        for entry in entries {
            var record = entry.record
            record.prevHash = previous
            record.hash = seal(record)
            try await sql.update("audit_entries").set("prev_hash", to: record.prevHash).set("hash", to: record.hash)
                .where("seq", .equal, record.seq).run()
            previous = record.hash
            last = record.seq
        }
        try await sql.update("audit_head").set("seq", to: last).set("hash", to: previous).where("id", .equal, 1).run()
    }

    static func plainSHA256(_ record: AuditRecord) -> String {
        SHA256.hash(data: record.canonicalBytes).map { String(format: "%02x", $0) }.joined()
    }

    static func verify(_ app: Application) async throws -> AuditVerification {
        try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing)
    }

    /// Thirty sign-ins, so there are entries to cut and rewrite.
    static func busyLog(_ app: Application, _ demo: Demo) async throws -> Int64 {
        for _ in 0..<30 { try await Browser(app).signIn(demo.account("st-cleopas", "teacher")) }
        guard case .intact(let count, _) = try await verify(app) else {
            Issue.record("The untouched log verifies")
            return 0
        }
        return count
    }

    @Test("Twenty-five entries cut from the end, with the head rewound to match, are caught by the checkpoints")
    func tailCutWithHeadRewound() async throws {
        try await withSteward { app, demo in
            let total = try await Self.busyLog(app, demo)
            try await app.dropAuditTriggers()
            let sql = try app.sql
            let keep = total - 25
            try await sql.delete(from: "audit_entries").where("seq", .greaterThan, keep).run()
            let kept = try #require(try await AuditEntry.find(keep, on: app.db))
            try await sql.update("audit_head").set("seq", to: keep).set("hash", to: kept.hash).where("id", .equal, 1)
                .run()
            guard case .broken(let seq, let reason) = try await Self.verify(app) else {
                Issue.record("A cut tail with a rewound head must not verify")
                return
            }
            #expect(seq == keep + 1)
            #expect(reason.contains("entries from \(keep + 1) to \(total) are missing"))
        }
    }

    @Test("An entry rewritten with the whole chain recomputed, without the key, is caught at that entry")
    func rewrittenAndRechained() async throws {
        try await withSteward { app, demo in
            let total = try await Self.busyLog(app, demo)
            try await app.dropAuditTriggers()
            let target = total - 10
            try await app.sql.update("audit_entries").set("actor_name", to: "Someone Else").where("seq", .equal, target)
                .run()
            // With plain SHA-256, as before the chain was keyed: the very first entry no longer checks out.
            try await Self.rechain(app, seal: Self.plainSHA256)
            #expect(try await Self.verify(app) == .broken(seq: 1, reason: "entry 1 was changed after it was written"))
            // With a key of the insider's own: the same.
            let guess = SymmetricKey(size: .bits256)
            try await Self.rechain(app) { $0.computedHash(key: guess) }
            #expect(try await Self.verify(app) == .broken(seq: 1, reason: "entry 1 was changed after it was written"))
        }
    }

    @Test("An entry deleted with the rest renumbered and re-chained is caught")
    func deletedAndRenumbered() async throws {
        try await withSteward { app, demo in
            let total = try await Self.busyLog(app, demo)
            try await app.dropAuditTriggers()
            let sql = try app.sql
            let gone = total - 5
            try await sql.delete(from: "audit_entries").where("seq", .equal, gone).run()
            for seq in (gone + 1)...total {
                try await sql.update("audit_entries").set("seq", to: seq - 1).where("seq", .equal, seq).run()
            }
            try await Self.rechain(app, seal: Self.plainSHA256)
            guard case .broken = try await Self.verify(app) else {
                Issue.record("A deleted and renumbered entry must not verify")
                return
            }
        }
    }

    @Test("An edited, forged, truncated or missing checkpoint file does not verify; the untouched one does")
    func checkpointFile() async throws {
        try await withSteward { app, demo in
            _ = try await Self.busyLog(app, demo)
            let file = app.steward.auditSealing.checkpointFile
            let original = try String(contentsOf: file, encoding: .utf8)
            let lines = original.split(separator: "\n")
            #expect(lines.count >= 30)
            // Edited: the sequence number of the last checkpoint raised by one.
            let last = try #require(lines.last)
            let fields = last.split(separator: " ")
            let edited = ([String(Int(fields[0])! + 1)] + fields.dropFirst().map(String.init)).joined(separator: " ")
            try (lines.dropLast().joined(separator: "\n") + "\n" + edited + "\n").write(
                to: file, atomically: true, encoding: .utf8)
            guard case .broken(_, let reason) = try await Self.verify(app) else {
                Issue.record("An edited checkpoint must not verify")
                return
            }
            #expect(reason.contains("line \(lines.count)"))
            // Missing while the log has entries.
            try FileManager.default.removeItem(at: file)
            guard case .broken(_, let missing) = try await Self.verify(app) else {
                Issue.record("A missing checkpoint file must not verify")
                return
            }
            #expect(missing.contains("is missing"))
            // Restored: verifies again.
            try original.write(to: file, atomically: true, encoding: .utf8)
            guard case .intact = try await Self.verify(app) else {
                Issue.record("The untouched checkpoint file verifies")
                return
            }
        }
    }
}
