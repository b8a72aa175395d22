// The outermost middleware: every request is counted while it runs, errors included.

import NIOConcurrencyHelpers
import Vapor

/// The outermost middleware: every request is counted while it runs, errors included.
struct InFlightMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let counter = request.application.steward.inFlight
        counter.enter()
        defer { counter.leave() }
        return try await next.respond(to: request)
    }
}
