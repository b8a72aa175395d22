// Requests still being handled, so that stopping the server waits for them before the database goes away.

import NIOConcurrencyHelpers
import Vapor

/// Counts requests being handled. When the server stops (SIGTERM), the listener closes and connections finish, but
/// a handler whose client has hung up can still be running; shutting the database down under it used to crash the
/// process (issue 10). `steward serve` waits here for the count to reach zero before it shuts down.
final class InFlightRequests: Sendable {
    private let count = NIOLockedValueBox(0)

    var current: Int { count.withLockedValue { $0 } }

    func enter() { count.withLockedValue { $0 += 1 } }
    func leave() { count.withLockedValue { $0 -= 1 } }

    /// Waits until no request is being handled, or `timeout` has passed; answers whether it went quiet.
    func waitUntilIdle(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while current > 0 {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}

/// After SIGTERM: stops the server listening and lets its connections finish, then waits for handlers still running
/// (a client that hung up leaves its handler running); call before `asyncShutdown`.
///
/// Vapor answers SIGTERM by returning from `execute()` with the server still listening; shutting the application
/// down then closes the database under requests still being handled.
public func stopServingAndDrain(_ app: Application, timeout: Duration = .seconds(60)) async -> Bool {
    await app.server.shutdown()
    let idle = await app.steward.inFlight.waitUntilIdle(timeout: timeout)
    if !idle {
        app.logger.error(
            "\(app.steward.inFlight.current) requests were still running \(timeout) after the server stopped")
    }
    return idle
}
