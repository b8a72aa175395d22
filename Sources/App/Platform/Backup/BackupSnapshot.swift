// A consistent copy of the database while the server runs, with the counts and audit head of that same moment.

import Fluent
import Foundation
import SQLKit
import SQLiteNIO
import StewardCore
import Vapor

/// A consistent copy of the database, staged as one file, with what it held at that moment.
struct BackupSnapshot: Sendable {
    /// The staged copy: an SQLite file, or a `pg_dump` archive.
    var file: URL
    /// The copy's name inside the backup.
    var name: String
    var counts: [String: Int]
    var auditSeq: Int64
    var auditHash: String
    var schema: String
    var migrations: Int

    static let sqliteName = "steward.sqlite"
    static let postgresName = "database.pgdump"

    /// Takes the copy into `staging`: SQLite's `VACUUM INTO` on a connection of its own (a read, so writers carry on),
    /// checked with `integrity_check` and counted from the copy; PostgreSQL's `pg_dump` of a snapshot exported from a
    /// repeatable-read transaction, counted in that same transaction.
    static func take(app: Application, into staging: URL) async throws -> BackupSnapshot {
        let known = StewardMigrations.all(sealing: app.steward.auditSealing).map(\.name)
        switch app.steward.config.databaseKind {
        case .sqlite:
            let copy = staging.appendingPathComponent(sqliteName)
            try await withSQLite(app.steward.config.sqliteFile.path) { live in
                _ = try await live.query("PRAGMA busy_timeout = 10000")
                _ = try await live.query("VACUUM INTO ?", [.text(copy.path)])
            }
            let facts = try await withSQLite(copy.path, describe)
            let (counts, head, applied) = facts
            return BackupSnapshot(
                file: copy, name: sqliteName, counts: counts, auditSeq: Int64(head?.column("seq")?.integer ?? 0),
                auditHash: head?.column("hash")?.string ?? AuditRecord.genesisHash,
                schema: known.last(where: Set(applied).contains) ?? "", migrations: applied.count)
        case .postgres:
            let dump = staging.appendingPathComponent(postgresName)
            let tools = try PostgresTools.locate()
            guard let url = app.steward.config.databaseURL else { throw Abort(.internalServerError) }
            return try await app.db.transaction { db in
                guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
                struct Snapshot: Decodable { var id: String }
                guard
                    let snapshot = try await sql.raw("SELECT pg_export_snapshot() AS id").first(decoding: Snapshot.self)
                else { throw Abort(.internalServerError) }
                struct Name: Decodable { var name: String }
                let tables = try await sql.raw(
                    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
                ).all(decoding: Name.self).map(\.name)
                var counts: [String: Int] = [:]
                struct Count: Decodable { var n: Int }
                for table in tables {
                    let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    counts[table] =
                        try await sql.raw("SELECT COUNT(*)::bigint AS n FROM \(unsafeRaw: quoted)")
                        .first(decoding: Count.self)?.n ?? 0
                }
                struct Head: Decodable { var seq: Int64, hash: String }
                let head = try await sql.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first(decoding: Head.self)
                let applied = try await sql.raw("SELECT name FROM _fluent_migrations").all(decoding: Name.self).map(
                    \.name)
                // pg_dump reads the very snapshot this transaction holds open, so the counts describe the dump.
                try await tools.run(
                    "pg_dump",
                    [
                        "--format=custom", "--no-owner", "--no-privileges", "--snapshot=\(snapshot.id)",
                        "--file=\(dump.path)",
                    ],
                    databaseURL: url, threadPool: app.threadPool)
                return BackupSnapshot(
                    file: dump, name: postgresName, counts: counts, auditSeq: head?.seq ?? 0,
                    auditHash: head?.hash ?? AuditRecord.genesisHash,
                    schema: known.last(where: Set(applied).contains) ?? "", migrations: applied.count)
            }
        }
    }

    /// Runs `body` on a connection of its own to the SQLite file at `path`, closed exactly once afterwards.
    private static func withSQLite<T: Sendable>(
        _ path: String, _ body: (SQLiteConnection) async throws -> T
    ) async throws -> T {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        let result: Result<T, any Error>
        do {
            result = .success(try await body(connection))
        } catch {
            result = .failure(error)
        }
        try await connection.close()
        return try result.get()
    }

    /// Checks the SQLite copy and counts it: its integrity, every table's rows, the audit head, the migrations.
    private static func describe(
        _ copied: SQLiteConnection
    ) async throws -> (
        counts: [String: Int], head: SQLiteRow?, applied: [String]
    ) {
        let check = try await copied.query("PRAGMA integrity_check").first?.columns.first?.data.string
        guard check == "ok" else {
            throw CommandFailure(
                message: "The copy of the database failed its integrity check: \(check ?? "?")", code: 1)
        }
        let tables = try await copied.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).compactMap { $0.column("name")?.string }
        var counts: [String: Int] = [:]
        for table in tables {
            let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            counts[table] =
                try await copied.query("SELECT COUNT(*) AS n FROM \(quoted)").first?.column("n")?.integer ?? 0
        }
        let head = try await copied.query("SELECT seq, hash FROM audit_head WHERE id = 1").first
        let applied = try await copied.query("SELECT name FROM _fluent_migrations").compactMap {
            $0.column("name")?.string
        }
        return (counts, head, applied)
    }
}
