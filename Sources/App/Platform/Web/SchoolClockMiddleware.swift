// Runs the rest of the request on the clock of the school the person is working in.

import StewardCore
import Vapor

struct SchoolClockMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let school = request.currentSchool else { return try await next.respond(to: request) }
        return try await Display.$clock.withValue(school.clock) { try await next.respond(to: request) }
    }
}
