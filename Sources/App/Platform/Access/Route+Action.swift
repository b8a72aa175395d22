// Registering a route means naming the action it performs (and what else it needs); one middleware then asks
// StewardCore whether it may run.

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
