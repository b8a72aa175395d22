// Fluent on SQLite: queries, schema changes and transactions (after fluent-sqlite-driver's, MIT licence).

import FluentKit
import FluentSQL
import Logging
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO

/// Fluent's `Database` over `PooledSQLiteDatabase`, behaving as fluent-sqlite-driver's own (which is not public and
/// cannot be given a connection source of ours): `RETURNING` for created ids, a transaction on one connection.
struct StewardSQLiteDatabase: Database, SQLDatabase, SQLiteDatabase {
    let database: any SQLiteDatabase
    let context: DatabaseContext
    let queryLogLevel: Logger.Level?
    let inTransaction: Bool
    let writers: WriteQueue

    /// SQLite's ALTER TABLE adds columns only.
    struct UnsupportedAlter: Error, CustomStringConvertible {
        var description: String { "SQLite only supports adding columns in ALTER TABLE statements." }
    }

    private var sql: any SQLDatabase {
        database.sql(encoder: SQLiteDataEncoder(), decoder: SQLiteDataDecoder(), queryLogLevel: queryLogLevel)
    }

    private func with(_ database: any SQLiteDatabase, inTransaction: Bool) -> StewardSQLiteDatabase {
        StewardSQLiteDatabase(
            database: database, context: context, queryLogLevel: queryLogLevel, inTransaction: inTransaction,
            writers: writers)
    }

    /// A create returns the ids it made, unless the query asks for none (an empty custom id key).
    private func converted(_ query: DatabaseQuery) -> any SQLExpression {
        let converted = SQLQueryConverter(delegate: SQLiteConverterDelegate()).convert(query)
        guard case .create = query.action, query.customIDKey != .some(.string("")) else { return converted }
        return SQLList(
            [converted, SQLReturning(SQLColumn((query.customIDKey ?? .id).description))], separator: SQLRaw(" "))
    }

    // Database

    func execute(
        query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void
    ) -> EventLoopFuture<Void> {
        execute(sql: converted(query)) { onOutput(SQLRowOutput(row: $0, schema: nil)) }
    }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) async throws {
        try await execute(sql: converted(query)) { onOutput(SQLRowOutput(row: $0, schema: nil)) }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        var schema = schema
        if schema.action == .update {
            schema.updateFields = schema.updateFields.filter {
                if case .dataType(_, .enum) = $0 { return false }
                return true
            }
            guard schema.createConstraints.isEmpty, schema.updateFields.isEmpty, schema.deleteConstraints.isEmpty
            else { return eventLoop.makeFailedFuture(UnsupportedAlter()) }
            if schema.createFields.isEmpty, schema.deleteFields.isEmpty { return eventLoop.makeSucceededVoidFuture() }
        }
        let logger = self.logger
        return execute(sql: SQLSchemaConverter(delegate: SQLiteConverterDelegate()).convert(schema)) {
            logger.debug("Unexpected row returned from schema query: \($0)")
        }
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { eventLoop.makeSucceededVoidFuture() }

    func withConnection<T: Sendable>(
        _ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>
    ) -> EventLoopFuture<T> {
        eventLoop.makeFutureWithTask { try await self.withConnection { try await closure($0).get() } }
    }

    func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T
    {
        let inTransaction = self.inTransaction
        let logger = self.logger
        return try await withConnection { connection in
            // The connection's own logger is the one it was opened with: its statements are logged as this request's.
            try await closure(self.with(connection.logging(to: logger), inTransaction: inTransaction))
        }
    }

    func transaction<T: Sendable>(
        _ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>
    ) -> EventLoopFuture<T> {
        if inTransaction { return closure(self) }
        return eventLoop.makeFutureWithTask { try await self.transaction { try await closure($0).get() } }
    }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await closure(self) }
        // The turn to write first, then a connection: a writer waiting its turn holds no connection.
        try await writers.acquire()
        do {
            let logger = self.logger
            let result = try await withConnection { connection in
                let db = self.with(connection.logging(to: logger), inTransaction: true)
                // The write lock at once: a deferred transaction that read first could find, when it came to write,
                // that a write outside the queue (a session's last-seen time) had committed since its read, and fail
                // at once (SQLITE_BUSY_SNAPSHOT, which no wait retries). Writers take turns anyway.
                try await db.raw("BEGIN IMMEDIATE TRANSACTION").run()
                do {
                    let result = try await closure(db)
                    try await db.raw("COMMIT TRANSACTION").run()
                    return result
                } catch {
                    try? await db.raw("ROLLBACK TRANSACTION").run()
                    throw error
                }
            }
            await writers.release()
            return result
        } catch {
            await writers.release()
            throw error
        }
    }

    // SQLDatabase

    var dialect: any SQLDialect { sql.dialect }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }

    func execute(
        sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) -> EventLoopFuture<Void> {
        sql.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await sql.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sql.withSession(closure)
    }

    // SQLiteDatabase

    func query(
        _ query: String, _ binds: [SQLiteData], logger: Logger, _ onRow: @escaping @Sendable (SQLiteRow) -> Void
    ) -> EventLoopFuture<Void> {
        withConnection { $0.query(query, binds, logger: logger, onRow) }
    }

    func withConnection<T>(
        _ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>
    ) -> EventLoopFuture<T> {
        database.withConnection(closure)
    }
}
