// One migrator at a time: instances of a trust started together on one PostgreSQL take turns to migrate it.

import Fluent
import SQLKit
import Vapor

/// Serialises migrations across processes. On PostgreSQL, a session-level advisory lock is held on one pinned
/// connection while the migrations run on others; whoever comes second waits, then finds nothing left to do. SQLite
/// serves one instance, whose file lock already keeps writers apart.
enum MigrationLock {
    /// The advisory lock's key: "Steward" in ASCII, so it is recognisable in `pg_locks`.
    static let key: Int64 = 0x0053_7465_7761_7264

    /// Runs `body` while holding the migration lock.
    static func holding<T: Sendable>(
        _ app: Application, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard app.steward.config.databaseKind == .postgres, let sql = app.db as? any SQLDatabase else {
            return try await body()
        }
        return try await sql.withSession { session in
            try await session.raw("SELECT pg_advisory_lock(\(bind: key))").run()
            do {
                let result = try await body()
                try await session.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
                return result
            } catch {
                // Closing the connection would also release it; unlock so the pool can reuse the connection.
                try? await session.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
                throw error
            }
        }
    }

    /// Brings the database up to date, one instance at a time.
    static func migrate(_ app: Application) async throws {
        try await holding(app) { try await app.autoMigrate().get() }
    }
}
