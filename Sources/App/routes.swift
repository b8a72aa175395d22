// Every route of the application, each group behind the middleware that knows who is asking.

import StewardCore
import Vapor

func routes(_ app: Application) throws {
    // Pages: the session cookie, then the form token, then the route's declared action.
    let pages = app.grouped(BrowserSessionMiddleware(), CSRFMiddleware(), AccessMiddleware())
    try pages.register(collection: SignInController())
    try pages.register(collection: PasswordResetController())
    try pages.register(collection: OutboxController())
    try pages.register(collection: PolicyController())
    try pages.register(collection: PolicyLinkController())
    try pages.register(collection: ConcernController())
    try pages.register(collection: StepUpController())
    try pages.register(collection: HomeController())
    try pages.register(collection: AccountController())
    try pages.register(collection: PeopleImportController())
    try pages.register(collection: ExportController())
    try pages.register(collection: PeopleController())
    try pages.register(collection: AuditController())
    try pages.register(collection: RosterImportController())
    try pages.register(collection: RosterController())

    // The API: bearer tokens only, no cookies, so no cross-site form can drive it.
    let api = app.grouped(BearerTokenMiddleware(), AccessMiddleware())
    try api.register(collection: APIController())
    try api.register(collection: PolicyAPIController())
    try api.register(collection: ConcernAPIController())

    try app.grouped(AccessMiddleware()).register(collection: HealthController())
}
