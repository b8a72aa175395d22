// After a restore: the database put back (PostgreSQL), then checked: integrity, every table's count, the audit chain.

import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import StewardCore
import Vapor

/// The part of a restore that needs the database: for PostgreSQL, `pg_restore` into an empty database; for both,
/// the integrity check, the counts against the manifest and `audit verify`; then the restore is recorded.
struct RestoreCheck: ApplicationCommand {
    var manifest: BackupManifest
    /// The `pg_dump` archive to restore, for PostgreSQL.
    var dump: URL?
    var source: String
    /// Set once the database is in place, so that a failed check leaves it for investigation; a failure before
    /// (a database already in use, `pg_restore` refusing the archive) leaves nothing behind.
    let restored = NIOLockedValueBox(false)

    var migratesFirst: Bool { false }

    func run(in app: Application) async throws {
        guard let sql = app.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        if let dump, let url = app.steward.config.databaseURL {
            struct Count: Decodable { var n: Int }
            // Any schema but PostgreSQL's own: data kept beside Steward's is data too.
            let tables =
                try await sql.raw(
                    """
                    SELECT COUNT(*)::bigint AS n FROM pg_tables
                    WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname NOT LIKE 'pg\\_%'
                    """
                ).first(decoding: Count.self)?.n ?? 0
            guard tables == 0 else {
                throw CommandFailure(
                    message:
                        "The database STEWARD_DATABASE_URL names already holds \(tables) tables: a restore only goes "
                        + "into an empty database, so nothing live is overwritten. Create a new one (createdb) for it.",
                    code: 1)
            }
            try await PostgresTools.locate().run(
                "pg_restore",
                ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", dump.path],
                databaseURL: url, threadPool: app.threadPool)
        }
        restored.withLockedValue { $0 = true }
        var problems: [String] = []
        let integrity = try await RestoreIntegrity.check(app: app)
        if let failure = integrity.failure { problems.append(failure) }

        struct Name: Decodable { var name: String }
        let tables = try await sql.raw(
            app.steward.config.databaseKind == .sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
        ).all(decoding: Name.self).map(\.name)
        let unlisted = Set(tables).subtracting(manifest.counts.keys)
        if !unlisted.isEmpty {
            problems.append("tables the backup did not list: \(unlisted.sorted().joined(separator: ", "))")
        }
        for (table, expected) in manifest.counts.sorted(by: { $0.key < $1.key }) where tables.contains(table) {
            let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            struct Count: Decodable { var n: Int }
            let found =
                try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: quoted)").first(decoding: Count.self)?
                .n ?? -1
            if found != expected { problems.append("\(table) holds \(found) rows, the backup \(expected)") }
        }
        let missing = Set(manifest.counts.keys).subtracting(tables)
        if !missing.isEmpty { problems.append("tables missing: \(missing.sorted().joined(separator: ", "))") }

        switch try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing) {
        case .intact(let count, let hash) where count == manifest.auditSeq && hash == manifest.auditHash: break
        case .intact(let count, _) where count != manifest.auditSeq:
            problems.append("the audit log ends at entry \(count), the backup's at \(manifest.auditSeq)")
        case .intact(let count, _):
            problems.append("the audit log's entry \(count) is not the one the backup recorded")
        case .broken(let seq, let reason):
            problems.append("the audit log is broken at entry \(seq): \(reason)")
        }
        guard problems.isEmpty else {
            throw CommandFailure(
                message: "Restored, but the check FAILED: " + problems.joined(separator: "; ")
                    + ". Do not serve from this directory; keep it for investigation.", code: 1)
        }
        try await AuditLog.write(on: app.db, context: .system("restore", app)) { _, audit in
            try await audit.append(
                "backup.restored",
                details: ["file": source, "madeAt": manifest.createdAt, "auditSeq": String(manifest.auditSeq)])
        }
        let rows = manifest.counts.values.reduce(0, +)
        app.console.print(
            "Restored the backup of \(manifest.createdAt) (\(manifest.engine), Steward \(manifest.stewardVersion)) "
                + "into \(app.steward.config.dataDirectory.path): \(rows) rows in \(manifest.counts.count) tables, "
                + "as the backup counted them; \(integrity.summary); audit log intact to entry \(manifest.auditSeq)."
        )
    }
}
