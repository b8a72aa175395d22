// Every route of the application: each feature registers its own, behind the middleware that knows who is asking.

import StewardCore
import Vapor

func routes(_ app: Application) throws {
    // Pages: the session cookie, then the form token, then the route's declared action (and step-up).
    let pages = app.grouped(BrowserSessionMiddleware(), SchoolClockMiddleware(), CSRFMiddleware(), AccessMiddleware())
    // The API: bearer tokens only, no cookies, so no cross-site form can drive it.
    let api = app.grouped(BearerTokenMiddleware(), SchoolClockMiddleware(), AccessMiddleware())
    for feature in Features.all {
        try feature.boot(pages: pages, api: api)
    }
    try app.grouped(AccessMiddleware()).register(collection: HealthController())
    // The API's contract reads no token: a bad one must not hide the document that says how to send a good one.
    try app.grouped(AccessMiddleware()).register(
        collection: APIContractController(resourcesDirectory: app.directory.resourcesDirectory))
}
