// Write transactions, one at a time in this process and in the order they asked, each holding no connection while it
// waits.

import Foundation

/// Writers that must take turns anyway wait here, holding no pooled connection, rather than in the database.
///
/// SQLite lets one connection write at a time. Without this queue, a writer that finds the file locked sleeps in
/// SQLite's busy handler while holding its pooled connection, backing off in steps, and gives up after
/// `busy_timeout` (ten seconds): under load (a burst of writes while the event loops are busy) some gave up and
/// answered 500, which lost nothing but refused the write. Queued here instead, a writer holds no connection while it
/// waits and is handed the turn the moment the one before commits. It waits at most `patience`, then fails as
/// before; another process on the same file (a command run beside the server) still meets `busy_timeout`.
///
/// On PostgreSQL every audited write takes the audit head's row lock first (`AuditLog.write`), so audited writes take
/// turns there too: waiting for the lock inside the database, each held one of the pool's connections, and under load
/// the waiting writers left the readers too few (`docs/benchmarks.md`, the twenty-third session). They queue here
/// first, so an instance's audited writers hold one connection between them; the row lock still keeps writers on
/// other instances apart.
actor WriteQueue {
    static let patience: Duration = .seconds(60)

    struct Timeout: Error, CustomStringConvertible {
        var description: String { "waited \(WriteQueue.patience) for the database to be free to write" }
    }

    private struct Waiter {
        var id: UUID
        var continuation: CheckedContinuation<Void, any Error>
        var timer: Task<Void, Never>?
    }

    private var held = false
    private var waiting: [Waiter] = []

    /// Waits for the turn to write; `release()` must follow, whatever happens.
    func acquire() async throws {
        if !held {
            held = true
            return
        }
        let id = UUID()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let timer = Task {
                try? await Task.sleep(for: Self.patience)
                guard !Task.isCancelled else { return }
                self.expire(id)
            }
            waiting.append(Waiter(id: id, continuation: continuation, timer: timer))
        }
    }

    /// Hands the turn to the longest waiting writer, or frees it.
    func release() {
        guard !waiting.isEmpty else {
            held = false
            return
        }
        let next = waiting.removeFirst()
        next.timer?.cancel()
        next.continuation.resume()
    }

    private func expire(_ id: UUID) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).continuation.resume(throwing: Timeout())
    }
}
