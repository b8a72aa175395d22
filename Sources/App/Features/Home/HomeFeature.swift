// Each person's home page: their own work first.

import StewardCore
import Vapor

struct HomeFeature: Feature {
    let name = "home"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: HomeController())
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(title: "Home", path: HomePaths.home(), action: .viewHome, order: 0)]
    }
}
