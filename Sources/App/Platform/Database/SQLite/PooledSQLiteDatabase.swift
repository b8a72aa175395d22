// The SQLite connections of one event loop, as one SQLiteDatabase (after fluent-sqlite-driver, MIT licence).

@preconcurrency import AsyncKit
import Logging
import NIOCore
import SQLiteKit
import SQLiteNIO

/// Runs each query on a connection borrowed from one event loop's pool.
struct PooledSQLiteDatabase: SQLiteDatabase {
    let pool: EventLoopConnectionPool<PreparedSQLiteSource>
    let logger: Logger

    var eventLoop: any EventLoop { pool.eventLoop }

    func lastAutoincrementID() -> EventLoopFuture<Int> {
        pool.withConnection(logger: logger) { $0.lastAutoincrementID() }
    }

    func withConnection<T>(_ closure: @escaping (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        pool.withConnection(logger: logger) { closure($0) }
    }

    func query(
        _ query: String, _ binds: [SQLiteData], logger: Logger, _ onRow: @escaping @Sendable (SQLiteRow) -> Void
    ) -> EventLoopFuture<Void> {
        withConnection { $0.query(query, binds, logger: logger, onRow) }
    }
}
