// The health check: answers 200 while the database answers, 503 when it does not.

import Fluent
import SQLKit
import StewardCore
import Vapor

struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, HomePaths.health, action: .viewHealth, use: health)
    }

    struct Health: Content {
        var status: String
        var database: String
    }

    func health(req: Request) async throws -> Response {
        guard let sql = req.db as? any SQLDatabase else { throw Abort(.serviceUnavailable) }
        do {
            try await sql.raw("SELECT 1 AS ok").run()
        } catch {
            let response = Response(status: .serviceUnavailable)
            try response.content.encode(
                Health(status: "unavailable", database: req.application.steward.config.databaseKind.rawValue))
            return response
        }
        return try await Health(status: "ok", database: req.application.steward.config.databaseKind.rawValue)
            .encodeResponse(for: req)
    }
}
