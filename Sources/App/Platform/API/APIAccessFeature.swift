// The JSON API's own routes (who is calling, the caller's people and school) and the tokens that open it.

import Fluent
import StewardCore
import Vapor

struct APIAccessFeature: Feature {
    let name = "api"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try api.register(collection: APIController())
    }

    var personalData: [PersonalData] {
        [
            PersonalData(title: "API tokens", table: "api_tokens", column: "person_id") { id, _, db in
                try await APIToken.query(on: db).filter(\.$person.$id == id).sort(\.$createdAt).all().map {
                    [
                        "name": $0.name, "created": Display.time($0.createdAt), "lastUsed": Display.time($0.lastUsedAt),
                        "expires": Display.time($0.expiresAt), "revoked": Display.time($0.revokedAt),
                        "scopes": $0.scopeSet.map(\.rawValue).sorted().joined(separator: " "),
                    ]
                }
            }
        ]
    }
}
