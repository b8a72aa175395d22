// `.steward(file:)`: Fluent's SQLite, with every connection set up as Steward needs it.

@preconcurrency import AsyncKit
import FluentKit
import Logging
import NIOCore
import NIOPosix
import SQLiteKit

/// The SQLite database of one Steward instance: `connectionsPerEventLoop` connections per event loop, each prepared by
/// `PreparedSQLiteSource` however many times the pool reopens it, and each with a thread of its own.
///
/// sqlite-nio runs every statement on a blocking thread, and a writer waiting for another's lock sleeps there
/// (`busy_timeout`). On the application's shared pool (as many threads as cores, also hashing passwords) the waiters
/// and a few sign-ins could hold every thread while the writer that holds the lock waits for one to commit: every
/// query of every school stalls, and the waiters fail after ten seconds. With one thread per connection, the holder
/// always has its own.
struct StewardSQLiteConfiguration: DatabaseConfiguration {
    let file: String
    let connectionPoolTimeout: TimeAmount
    var middleware: [any AnyModelMiddleware] = []

    /// In WAL mode readers do not wait for each other or for the writer (writers take turns in `WriteQueue`).
    /// With one connection per event loop, every statement of every request on that loop waited for the one before
    /// it, a write transaction's for the whole transaction, and a connection stayed taken while its loop was busy
    /// elsewhere: under the load soak at 200 requests a second the queue grew without end (p50 21 s); with four, p99
    /// was 62 ms (docs/benchmarks.md).
    static let connectionsPerEventLoop = 4

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        let loops = databases.eventLoopGroup.makeIterator().reduce(0) { count, _ in count + 1 }
        let threads = NIOThreadPool(numberOfThreads: max(1, loops * Self.connectionsPerEventLoop))
        threads.start()
        let source = PreparedSQLiteSource(
            source: SQLiteConnectionSource(
                configuration: SQLiteConfiguration(storage: .file(path: file), enableForeignKeys: false),
                threadPool: threads))
        let pool = EventLoopGroupConnectionPool(
            source: source, maxConnectionsPerEventLoop: Self.connectionsPerEventLoop,
            requestTimeout: connectionPoolTimeout, on: databases.eventLoopGroup)
        return StewardSQLiteDriver(pool: pool, threads: threads, sqlLogLevel: .debug)
    }
}
