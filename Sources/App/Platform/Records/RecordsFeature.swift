// Records management (issue 17): how long each kind of record is kept, each school's periods within its trust's
// limits.

import Fluent
import StewardCore
import Vapor

struct RecordsFeature: Feature {
    let name = "records"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: RetentionController())
    }

    var navigation: [NavigationEntry] {
        [
            NavigationEntry(
                title: "Records kept", path: RetentionPaths.schedule(), action: .manageRetention, order: 86)
        ]
    }
}
