// Enforces the action each route declares, and answers a step-up the route declared and its finder found owed.

import StewardCore
import Vapor

/// Enforces the action a route declares. A route that declares none is refused: a forgotten declaration
/// fails closed, and the route-walking test fails with it.
struct AccessMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let action = request.route?.stewardAction else {
            request.logger.error("Route \(request.route?.description ?? request.url.path) declares no action")
            throw Abort(.internalServerError)
        }
        let decision = AccessPolicy.can(request.actor, action)
        switch decision {
        case .allowed:
            return try await respond(request, next)
        case .forbidden where Self.namesARecord(request.route), .notFound where Self.namesARecord(request.route):
            // A route about one record must first find it in the actor's schools: another school's record is
            // "not found" whatever the actor's roles, and the handler's `authorize` refuses the rest.
            return try await respond(request, next)
        case .signInRequired:
            if request.isAPI {
                throw Abort(.unauthorized, reason: "Send a valid API token as 'Authorization: Bearer …'.")
            }
            let next = request.method == .GET ? request.url.path : HomePaths.home()
            return request.redirect(
                to: SessionPaths.login() + "?next=\(SafeRedirect.encode(next))", redirectType: .normal)
        case .forbidden:
            throw Abort(.forbidden)
        case .notFound:
            throw Abort(.notFound)
        }
    }
}

extension AccessMiddleware {
    /// Runs the handler; a step-up the route declared and the finder found owed is answered here, once.
    private func respond(_ request: Request, _ next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch is StepUpRequired {
            return try await StepUp.answer(request)
        }
    }

    static func namesARecord(_ route: Route?) -> Bool {
        route?.path.contains { if case .parameter = $0 { true } else { false } } ?? false
    }
}
