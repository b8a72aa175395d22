// A route's path, written once: the route is registered from it and every link, redirect and test builds from it.

import StewardCore
import Vapor

struct RoutePath: Sendable, CustomStringConvertible {
    let parts: [String]

    init(_ parts: String...) { self.parts = parts }

    /// The path components a route is registered with (`:name` for a parameter).
    var components: [PathComponent] { parts.map { PathComponent(stringLiteral: $0) } }

    /// The names of the path's parameters, in order.
    var parameters: [String] { parts.filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) } }

    /// The path with its parameters filled in order: `ConcernPaths.show(id)` is `/concerns/8C1…`. A value is
    /// percent-encoded, so no value can reach another path.
    func callAsFunction(_ values: any CustomStringConvertible...) -> String {
        filled(values.map { String(describing: $0) })
    }

    /// The path with its parameters filled in order from `values`, each percent-encoded.
    func filled(_ values: [String]) -> String {
        var remaining = values.makeIterator()
        let filled = parts.map { part -> String in
            guard part.hasPrefix(":") else { return part }
            let value = remaining.next() ?? ""
            return value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? ""
        }
        return "/" + filled.joined(separator: "/")
    }

    var description: String { "/" + parts.joined(separator: "/") }
}

extension RoutesBuilder {
    /// Registers a handler at `path` for `action` (see `on(_:_:action:body:use:)`).
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: RoutePath, action: Action, body: HTTPBodyStreamStrategy = .collect,
        requires: RouteRequirement? = nil, use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = register(method, path.components, action: action, body: body, use: handler)
        if let requires { route.userInfo[Route.requirementKey] = requires }
        return route
    }

    /// Registers an upload page at `path` (see `on(_:_:action:upload:use:)`).
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: RoutePath, action: Action, upload: ByteCount,
        requires: RouteRequirement? = nil, use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = register(method, path.components, action: action, upload: upload, use: handler)
        if let requires { route.userInfo[Route.requirementKey] = requires }
        return route
    }
}
