// Turns a configuration into a complete application: the one function the server, the commands and the tests call.

import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import LeafKit
import NIOSSL
import SQLKit
import StewardCore
import Vapor

/// Configures `app` from `config`: database, migrations, middleware, views and routes. (The `steward` command line
/// parses its commands itself and hands them to `CommandRunner`.)
public func configure(_ app: Application, config: StewardConfig) async throws {
    app.steward = StewardServices(
        config: config, passwords: try Passwords(cost: config.bcryptCost, threadPool: app.threadPool))
    app.steward.openID = OpenIDProviders(allowLocal: config.allowLocalSignIn)

    app.steward.platforms = try SocialPlatforms.load(
        dataDirectory: config.dataDirectory, resourcesDirectory: app.directory.resourcesDirectory)
    try await configureDatabase(app, config: config)
    app.migrations.add(StewardMigrations.all(sealing: app.steward.auditSealing))

    // Outermost first: security headers wrap even error pages.
    app.middleware = Middlewares()
    app.middleware.use(InFlightMiddleware())
    app.middleware.use(SecurityHeadersMiddleware(reportURI: config.cspReportURI))
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(RequestLineMiddleware())
    app.middleware.use(PublicFilesMiddleware(directory: app.directory.publicDirectory, logger: app.logger))

    app.views.use(.leaf)
    // A misspelt #extend or #import is an error, not an empty space on the page.
    app.leaf.configuration = LeafConfiguration(
        rootDirectory: app.directory.viewsDirectory, tagIndicator: "#", ignoreUnfoundImports: false)
    // Production reads each template once; elsewhere an edited template shows on the next request. (Vapor's
    // `isRelease` is about how the binary was compiled, not the environment it was asked to run in.)
    app.leaf.cache.isEnabled = app.environment == .production
    app.leaf.tags["path"] = PathTag()
    for (name, tag) in FieldErrorTags.all { app.leaf.tags[name] = tag }

    app.routes.defaultMaxBodySize = "16kb"
    try routes(app)
}

/// The SQLite file (WAL, full sync, busy timeout, foreign keys) or PostgreSQL.
func configureDatabase(_ app: Application, config: StewardConfig) async throws {
    if let url = config.databaseURL {
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.searchPath = nil
        // Writes queue on the audit head's row lock while holding their connection: a burst of them must wait for a
        // connection as long as SQLite's writers wait for the file, not fail after the driver's 10 seconds.
        app.databases.use(
            .postgres(configuration: postgres, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(30)),
            as: .psql)
    } else {
        // Every connection, whenever the pool opens it, runs PreparedSQLiteSource.settings first (WAL, full sync,
        // busy timeout, foreign keys).
        app.databases.use(
            DatabaseConfigurationFactory {
                StewardSQLiteConfiguration(file: config.sqliteFile.path, connectionPoolTimeout: .seconds(30))
            }, as: .sqlite)
    }
}

/// Sets the working directory for views and public files when run from elsewhere (tests, an installed binary).
public func locateResources(_ app: Application) {
    let fm = FileManager.default
    var candidates = [app.directory.workingDirectory]
    if let env = Environment.get("STEWARD_RESOURCES_DIR") { candidates.insert(env, at: 0) }
    // The package root, found from this source file: right for `swift run` and `swift test` from anywhere.
    let sourceRoot =
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/"
    candidates.append(sourceRoot)
    for candidate in candidates {
        let dir = candidate.hasSuffix("/") ? candidate : candidate + "/"
        if fm.fileExists(atPath: dir + "Resources/Views/shared/base.leaf") {
            app.directory = DirectoryConfiguration(workingDirectory: dir)
            return
        }
    }
}
