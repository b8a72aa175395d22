// Registering a route means naming the action it performs; one middleware then asks StewardCore whether it may run.

import StewardCore
import Vapor

extension Route {
    static let actionKey = "steward.action"
    static let maxBodyKey = "steward.max-body"
    static let spoolKey = "steward.spool"

    /// The largest body this route accepts, when it accepts more than the default (an upload).
    var maxBodySize: Int? { userInfo[Route.maxBodyKey] as? Int }

    /// Whether a multipart body is streamed to disk as it arrives rather than collected in memory.
    var spoolsUploads: Bool { userInfo[Route.spoolKey] as? Bool ?? false }

    /// The action this route performs, as declared when it was registered.
    var stewardAction: Action? {
        (userInfo[Route.actionKey] as? String).flatMap(Action.init(rawValue:))
    }
}

extension RoutesBuilder {
    /// Registers a handler for `action`; the route answers only when `AccessPolicy.can` allows it.
    /// Features register through `RoutePath` (`on(_:_:action:…)`), so each path is written once.
    @discardableResult
    func register<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: [PathComponent], action: Action,
        body: HTTPBodyStreamStrategy = .collect,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = self.on(method, path, body: body, use: handler)
        route.userInfo[Route.actionKey] = action.rawValue
        if case .collect(let max) = body, let max { route.userInfo[Route.maxBodyKey] = max.value }
        return route
    }

    /// Registers a page that takes file uploads of up to `upload` bytes in all: its multipart body is streamed to
    /// disk as it arrives (`Request.spooledUpload`), only for a signed-in person, and only a few at once.
    /// Features register through `RoutePath` (`on(_:_:action:…)`), so each path is written once.
    @discardableResult
    func register<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: [PathComponent], action: Action, upload: ByteCount,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = self.on(method, path, body: .stream, use: handler)
        route.userInfo[Route.actionKey] = action.rawValue
        route.userInfo[Route.maxBodyKey] = upload.value
        route.userInfo[Route.spoolKey] = true
        return route
    }
}

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
            let next = request.method == .GET ? request.url.path : "/"
            return request.redirect(to: "/login?next=\(SafeRedirect.encode(next))", redirectType: .normal)
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
            return try StepUp.answer(request)
        }
    }

    static func namesARecord(_ route: Route?) -> Bool {
        route?.path.contains { if case .parameter = $0 { true } else { false } } ?? false
    }
}

extension Request {
    /// Whether this request is for the JSON API (errors as JSON, bearer tokens, no cookies).
    var isAPI: Bool { url.path.hasPrefix("/api/") }

    /// Asks StewardCore about a specific record; throws the matching HTTP error when refused.
    func authorize(_ action: Action, _ resource: Resource) throws {
        switch AccessPolicy.can(actor, action, resource) {
        case .allowed: return
        case .signInRequired: throw Abort(.unauthorized)
        case .forbidden: throw Abort(.forbidden)
        case .notFound: throw Abort(.notFound)
        }
    }
}

/// Only same-site paths are followed after sign-in, so `?next=` cannot send someone to another site.
enum SafeRedirect {
    static func path(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.hasPrefix("/\\"), raw.count < 500,
            !raw.unicodeScalars.contains(where: { $0.value < 32 || $0 == "\\" })
        else { return "/" }
        return raw
    }

    static func encode(_ path: String) -> String {
        path.addingPercentEncoding(
            withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=?#+")))
            ?? "/"
    }
}
