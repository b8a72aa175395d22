// Where Swift Concurrency's tasks run: on the same event loops as the server's connections and the database's answers.

import NIOCore
import NIOPosix

public enum ConcurrencyExecutor {
    /// Makes NIO's event loops (the ones the server's connections, PostgreSQL's connections and SQLite's answers use)
    /// Swift Concurrency's global executor, so that a request's handler and the replies it waits for stay on one
    /// thread instead of handing over between two pools at every `await`: measured one request at a time, it halves
    /// the server's time for `/healthz` and for a kept home page (docs/benchmarks.md). Blocking work (password
    /// hashing, name look-ups) already runs on the thread pool, never on these threads. Call it first, on the main
    /// thread, before any task starts; false when it could not be done (Swift Concurrency's own pool is used then).
    @MainActor
    public static func useEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
