// Fluent's SQLite driver, with connections from `PreparedSQLiteSource` (after fluent-sqlite-driver, MIT licence).

@preconcurrency import AsyncKit
import FluentKit
import Logging
import NIOCore
import NIOPosix
import SQLiteKit
import SQLiteNIO

/// A few connections per event loop (`StewardSQLiteConfiguration.connectionsPerEventLoop`: readers side by side in WAL
/// mode, writers in turn), each set up by `PreparedSQLiteSource` whenever it is opened.
struct StewardSQLiteDriver: DatabaseDriver {
    let pool: EventLoopGroupConnectionPool<PreparedSQLiteSource>
    /// The connections' own threads (see `StewardSQLiteConfiguration`), stopped after the connections close.
    let threads: NIOThreadPool
    let sqlLogLevel: Logger.Level?
    /// Write transactions, one at a time (`WriteQueue`).
    let writers = WriteQueue()

    var eventLoopGroup: any EventLoopGroup { pool.eventLoopGroup }

    func makeDatabase(with context: DatabaseContext) -> any Database {
        StewardSQLiteDatabase(
            database: PooledSQLiteDatabase(pool: pool.pool(for: context.eventLoop), logger: context.logger),
            context: context, queryLogLevel: sqlLogLevel, inTransaction: false, writers: writers)
    }

    func shutdown() {
        try? pool.syncShutdownGracefully()
        try? threads.syncShutdownGracefully()
    }

    func shutdownAsync() async {
        try? await pool.shutdownAsync()
        try? await threads.shutdownGracefully()
    }
}
