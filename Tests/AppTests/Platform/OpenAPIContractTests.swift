// The API's contract (issue 15): Resources/OpenAPI/openapi.json and the registered /api/v1 routes are the same set,
// every operation says how it is secured and how it refuses, with the one error shape, and every $ref resolves.

import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("The API's contract")
struct OpenAPIContractTests {
    /// A JSON object as `JSONSerialization` reads it.
    typealias Object = [String: Any]

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// A registered route as the contract writes it: `GET /api/v1/people/{personID}`.
    static func operation(_ route: Route) -> String {
        let path = route.path.map { component -> String in
            if case .parameter(let name) = component { return "{\(name)}" }
            return component.description
        }
        return "\(route.method.rawValue) /\(path.joined(separator: "/"))"
    }

    /// Every operation of the document, as `METHOD /path`, with its object.
    static func operations(_ document: Object) -> [String: Object] {
        var found: [String: Object] = [:]
        for (path, item) in document["paths"] as? Object ?? [:] {
            for (method, value) in item as? Object ?? [:] where methods.contains(method) {
                found["\(method.uppercased()) \(path)"] = value as? Object ?? [:]
            }
        }
        return found
    }

    /// What differs between the registered API routes and the documented operations, in words.
    static func drift(registered: Set<String>, documented: Set<String>) -> [String] {
        registered.subtracting(documented).sorted().map { "\($0) is registered but not in the contract" }
            + documented.subtracting(registered).sorted().map { "\($0) is in the contract but not registered" }
    }

    /// The value a local `$ref` (`#/components/…`) points at, or nil when it points at nothing.
    static func resolve(_ reference: String, in document: Object) -> Any? {
        guard reference.hasPrefix("#/") else { return nil }
        var value: Any = document
        for raw in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard let object = value as? Object, let next = object[key] else { return nil }
            value = next
        }
        return value
    }

    /// Every `$ref` anywhere in `value`.
    static func references(in value: Any) -> [String] {
        if let object = value as? Object {
            return (object["$ref"] as? String).map { [$0] } ?? []
                + object.values.flatMap { references(in: $0) }
        }
        if let array = value as? [Any] { return array.flatMap { references(in: $0) } }
        return []
    }

    /// A response object with its `$ref` followed.
    static func response(_ value: Any?, in document: Object) -> Object? {
        guard let object = value as? Object else { return nil }
        if let reference = object["$ref"] as? String { return resolve(reference, in: document) as? Object }
        return object
    }

    /// What is wrong with one operation's security and refusals, in words (nothing when it is right).
    static func problems(_ name: String, _ operation: Object, in document: Object, public isPublic: Bool) -> [String] {
        var problems: [String] = []
        let security = operation["security"] as? [Object] ?? document["security"] as? [Object] ?? []
        let bearer = security.contains { $0["bearer"] != nil }
        let responses = operation["responses"] as? Object ?? [:]
        if isPublic {
            if !security.isEmpty { problems.append("\(name) is open to anyone but the contract asks for a token") }
        } else {
            if !bearer { problems.append("\(name) needs a token but declares no bearer security") }
            if responses["401"] == nil { problems.append("\(name) needs a token but documents no 401") }
            if responses["403"] == nil { problems.append("\(name) documents no 403") }
        }
        let path = name.split(separator: " ").last.map(String.init) ?? ""
        if path.contains("{"), responses["404"] == nil { problems.append("\(name) names a record but has no 404") }
        if operation["requestBody"] != nil, responses["413"] == nil {
            problems.append("\(name) takes a body but documents no 413")
        }
        // `RequestLineMiddleware` refuses an over-long address on every route, before the route is found.
        if responses["414"] == nil { problems.append("\(name) documents no 414") }
        // And an address whose query has a broken %-escape.
        if responses["400"] == nil { problems.append("\(name) documents no 400") }
        if !responses.keys.contains(where: { $0.hasPrefix("2") }) { problems.append("\(name) documents no success") }
        for (status, value) in responses {
            guard let answer = response(value, in: document) else {
                problems.append("\(name) \(status) resolves to nothing")
                continue
            }
            let content = answer["content"] as? Object ?? [:]
            let schema = (content["application/json"] as? Object)?["schema"] as? Object
            if status.hasPrefix("4") || status.hasPrefix("5") {
                if schema?["$ref"] as? String != "#/components/schemas/Error" || content.count != 1 {
                    problems.append("\(name) \(status) is not the shared error shape")
                }
            } else if schema == nil {
                problems.append("\(name) \(status) has no JSON schema")
            }
        }
        let declared = Set(
            (operation["parameters"] as? [Object] ?? []).filter { $0["in"] as? String == "path" }
                .compactMap { $0["name"] as? String })
        let named = Set(Reply.allMatches(#"\{([^}]+)\}"#, in: path))
        if declared != named { problems.append("\(name) declares path parameters \(declared), its path has \(named)") }
        return problems
    }

    /// The contract as the running app serves it, with the routes registered under /api/v1.
    static func served(_ app: Application) async throws -> (Object, [Route]) {
        let reply = try await Browser(app).get(APIPaths.contract())
        #expect(reply.status == .ok)
        #expect(reply.headers.contentType == .json)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? Object, "the contract is not an object")
        let routes = app.routes.all.filter { $0.path.first?.description == "api" }
        return (document, routes)
    }

    @Test("Every registered /api/v1 route is in the contract, and every documented operation is registered")
    func sameRoutes() async throws {
        try await withSteward { app, _ in
            let (document, routes) = try await Self.served(app)
            #expect(document["openapi"] as? String == "3.1.0")
            let registered = Set(routes.map(Self.operation))
            let documented = Set(Self.operations(document).keys)
            #expect(registered.count >= 20)
            #expect(routes.count == registered.count, "a route is registered twice")
            let drift = Self.drift(registered: registered, documented: documented)
            #expect(drift.isEmpty, "\(drift.joined(separator: "; "))")
        }
    }

    @Test("The route check fails when the contract loses an operation or the app gains a route")
    func driftBites() {
        let documented: Set<String> = ["GET /api/v1/me", "GET /api/v1/people/{personID}"]
        #expect(Self.drift(registered: documented, documented: documented).isEmpty)
        #expect(
            Self.drift(registered: documented, documented: ["GET /api/v1/me"])
                == ["GET /api/v1/people/{personID} is registered but not in the contract"])
        #expect(
            Self.drift(registered: documented.union(["DELETE /api/v1/me"]), documented: documented)
                == ["DELETE /api/v1/me is registered but not in the contract"])
        #expect(
            Self.drift(registered: ["GET /api/v1/me"], documented: documented)
                == ["GET /api/v1/people/{personID} is in the contract but not registered"])
    }

    @Test("Every operation needs a bearer token unless its route is open to anyone, and refuses in the one error shape")
    func securityAndErrors() async throws {
        try await withSteward { app, _ in
            let (document, routes) = try await Self.served(app)
            let scheme = (document["components"] as? Object).flatMap { $0["securitySchemes"] as? Object }?["bearer"]
            #expect((scheme as? Object)?["type"] as? String == "http")
            #expect((scheme as? Object)?["scheme"] as? String == "bearer")
            let operations = Self.operations(document)
            var open = 0
            for route in routes {
                let name = Self.operation(route)
                guard let operation = operations[name] else { continue }  // `sameRoutes` reports it
                let action = try #require(route.stewardAction)
                let isPublic = AccessPolicy.table[action] == .anyone
                open += isPublic ? 1 : 0
                let problems = Self.problems(name, operation, in: document, public: isPublic)
                #expect(problems.isEmpty, "\(problems.joined(separator: "; "))")
            }
            #expect(open == 1, "only the contract itself is open to anyone")
        }
    }

    @Test("The operation check finds a missing 401, a missing token, a page-shaped error and a lost parameter")
    func problemsBite() throws {
        let error: Object = [
            "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]
        ]
        let ok: Object = ["content": ["application/json": ["schema": ["type": "object"]]]]
        let document: Object = [
            "security": [["bearer": [String]()]],
            "components": ["responses": ["NotFound": error], "schemas": ["Error": ["type": "object"]]],
        ]
        let sound: Object = [
            "parameters": [["name": "policyID", "in": "path"]],
            "responses": [
                "200": ok, "400": error, "401": error, "403": error,
                "404": ["$ref": "#/components/responses/NotFound"] as Object, "414": error,
            ] as Object,
        ]
        let name = "GET /api/v1/policies/{policyID}"
        #expect(Self.problems(name, sound, in: document, public: false).isEmpty)
        var no401 = sound
        no401["responses"] = ["200": ok, "400": error, "403": error, "404": error, "414": error] as Object
        #expect(Self.problems(name, no401, in: document, public: false).count == 1)
        var noToken = sound
        noToken["security"] = [Object]()
        #expect(Self.problems(name, noToken, in: document, public: false).count == 1)
        var html = sound
        html["responses"] =
            [
                "200": ok, "400": error, "401": ["content": ["text/html": Object()] as Object] as Object, "403": error,
                "404": error, "414": error,
            ] as Object
        #expect(Self.problems(name, html, in: document, public: false).count == 1)
        var lost = sound
        lost["parameters"] = [Object]()
        #expect(Self.problems(name, lost, in: document, public: false).count == 1)
        var dangling = sound
        dangling["responses"] =
            [
                "200": ok, "400": error, "401": error, "403": error,
                "404": ["$ref": "#/components/responses/Gone"] as Object, "414": error,
            ] as Object
        #expect(Self.problems(name, dangling, in: document, public: false).count == 1)
        var no400 = sound
        no400["responses"] = ["200": ok, "401": error, "403": error, "404": error, "414": error] as Object
        #expect(Self.problems(name, no400, in: document, public: false) == ["\(name) documents no 400"])
    }

    @Test("Every $ref in the contract resolves, and every field it names is camelCase")
    func referencesResolve() async throws {
        try await withSteward { app, _ in
            let (document, _) = try await Self.served(app)
            let references = Self.references(in: document)
            #expect(references.count > 50)
            for reference in Set(references) {
                #expect(Self.resolve(reference, in: document) != nil, "\(reference) points at nothing")
            }
            #expect(Self.resolve("#/components/schemas/Nothing", in: document) == nil)
            // Operation ids are unique, and every link names one and fills only that operation's path parameters.
            let operations = Self.operations(document)
            let ids = operations.values.compactMap { $0["operationId"] as? String }
            #expect(ids.count == operations.count && Set(ids).count == ids.count, "operation ids: \(ids.sorted())")
            var links = 0
            for (name, operation) in operations {
                for value in (operation["responses"] as? Object ?? [:]).values {
                    for link in (Self.response(value, in: document)?["links"] as? Object ?? [:]).values {
                        let target = (link as? Object)?["operationId"] as? String
                        let found = operations.first { $0.value["operationId"] as? String == target }
                        #expect(found != nil, "\(name) links to \(target ?? "nothing")")
                        let filled = Set(((link as? Object)?["parameters"] as? Object ?? [:]).keys)
                        let named = Set(Reply.allMatches(#"\{([^}]+)\}"#, in: found?.key ?? ""))
                        #expect(filled == named, "\(name) → \(target ?? ""): fills \(filled), needs \(named)")
                        links += 1
                    }
                }
            }
            #expect(links >= 5)
            let schemas = (document["components"] as? Object)?["schemas"] as? Object ?? [:]
            #expect(schemas["Error"] != nil)
            var fields = 0
            func walk(_ value: Any) {
                if let object = value as? Object {
                    for key in (object["properties"] as? Object ?? [:]).keys {
                        #expect(APIDialectTests.isCamelCase(key), "the contract names a field '\(key)'")
                        fields += 1
                    }
                    object.values.forEach(walk)
                } else if let array = value as? [Any] {
                    array.forEach(walk)
                }
            }
            walk(schemas)
            #expect(fields > 100)
        }
    }

    @Test("The contract is served without a token, and a bad token does not hide it")
    func servedToAnyone() async throws {
        try await withSteward { app, _ in
            let file = try Data(
                contentsOf: URL(fileURLWithPath: app.directory.resourcesDirectory + APIContractController.file))
            for headers: HTTPHeaders in [[:], ["Authorization": "Bearer nonsense"], ["Accept": "text/html"]] {
                let reply = try await Browser(app).get(APIPaths.contract(), headers: headers)
                #expect(reply.status == .ok)
                #expect(Data(reply.body.utf8) == file)
            }
        }
    }
}
