// `.steward(file:)`: Fluent's SQLite, with every connection set up as Steward needs it.

@preconcurrency import AsyncKit
import FluentKit
import Logging
import NIOCore
import SQLiteKit

/// The SQLite database of one Steward instance: one connection per event loop, each prepared by
/// `PreparedSQLiteSource` however many times the pool reopens it.
struct StewardSQLiteConfiguration: DatabaseConfiguration {
    let file: String
    let connectionPoolTimeout: TimeAmount
    var middleware: [any AnyModelMiddleware] = []

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        let source = PreparedSQLiteSource(
            source: SQLiteConnectionSource(
                configuration: SQLiteConfiguration(storage: .file(path: file), enableForeignKeys: false),
                threadPool: databases.threadPool))
        let pool = EventLoopGroupConnectionPool(
            source: source, maxConnectionsPerEventLoop: 1, requestTimeout: connectionPoolTimeout,
            on: databases.eventLoopGroup)
        return StewardSQLiteDriver(pool: pool, sqlLogLevel: .debug)
    }
}
