// Every SQLite connection Steward opens gets the same settings, whenever the pool opens it.

import AsyncKit
import Logging
import NIOCore
import SQLiteKit
import SQLiteNIO

/// Opens connections as `SQLiteConnectionSource` does, then applies Steward's per-connection settings: full
/// synchronisation (an acknowledged write survives a power cut), a ten-second wait for another writer instead of
/// sqlite-nio's busy loop, and foreign keys. `synchronous` and `busy_timeout` belong to the connection, not the file,
/// so a connection the pool opens to replace one that failed must be set up again, not only those made at start-up.
struct PreparedSQLiteSource: ConnectionPoolSource {
    /// What each new connection runs first, in order. `journal_mode` is stored in the file; the rest are not.
    static let settings = [
        // The wait first, so that setting the journal mode waits too when another connection is writing.
        "PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
        "PRAGMA foreign_keys = ON",
        // What a purge removes is overwritten, not just unlinked: no trace of it stays in the file's free space.
        "PRAGMA secure_delete = ON",
    ]

    let source: SQLiteConnectionSource

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        source.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            Self.settings.reduce(eventLoop.makeSucceededVoidFuture()) { previous, pragma in
                previous.flatMap { connection.query(pragma).map { _ in } }
            }
            .flatMapError { error in connection.close().flatMapThrowing { throw error } }
            .map { connection }
        }
    }
}
