// The API's contract, Resources/OpenAPI/openapi.json, served as written to anyone: it describes the API, no one's data.

import StewardCore
import Vapor

/// Serves the OpenAPI document of `/api/v1`. It is read and checked once, at boot: a server whose contract is missing
/// or is not a JSON object does not start. `OpenAPIContractTests` keeps the document and the registered routes equal.
struct APIContractController: RouteCollection {
    /// Where the document lives, under the resources directory.
    static let file = "OpenAPI/openapi.json"

    let document: ByteBuffer

    init(resourcesDirectory: String) throws {
        let path = resourcesDirectory + Self.file
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Abort(.internalServerError, reason: "The API's contract is missing: \(path).")
        }
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw Abort(.internalServerError, reason: "The API's contract is not a JSON object: \(path).")
        }
        document = ByteBuffer(data: data)
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, APIPaths.contract, action: .readAPIContract, use: contract)
    }

    func contract(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(buffer: document))
        response.headers.contentType = .json
        return response
    }
}
