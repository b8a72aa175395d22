// A fresh, migrated and seeded database per test: a copied SQLite file, or a PostgreSQL database cloned from a template.

import Crypto
import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Vapor

@testable import App

/// The demo data every test starts from, built once per test run.
actor TestTemplate {
    static let shared = TestTemplate()

    /// The secret key shared by the template and every copy, so sealed two-factor secrets open.
    nonisolated let secretKey = SymmetricKey(size: .bits256)
    nonisolated let root = FileManager.default.temporaryDirectory
        .appendingPathComponent("steward-tests-\(ProcessInfo.processInfo.processIdentifier)")
    private var building: Task<DemoAccounts, any Error>?

    /// When set, the suite runs against PostgreSQL (`postgres://user@host:port/maintenance-db`).
    nonisolated let postgresURL = ProcessInfo.processInfo.environment["STEWARD_TEST_DATABASE_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    nonisolated var templateName: String { "steward_template_\(ProcessInfo.processInfo.processIdentifier)" }

    /// Builds the template the first time it is asked for; returns the demo accounts in it.
    /// Tests ask concurrently; they all wait for the one build (an actor alone would let them interleave).
    func prepare() async throws -> DemoAccounts {
        if let building { return try await building.value }
        let task = Task { try await self.build() }
        building = task
        return try await task.value
    }

    private func build() async throws -> DemoAccounts {
        var accounts: DemoAccounts?
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let templateDir = root.appendingPathComponent("template")
        try FileManager.default.createDirectory(at: templateDir, withIntermediateDirectories: true)
        var databaseURL: String?
        if let postgresURL {
            try await Self.admin(postgresURL, "DROP DATABASE IF EXISTS \(templateName) WITH (FORCE)")
            try await Self.admin(postgresURL, "CREATE DATABASE \(templateName)")
            databaseURL = Self.url(postgresURL, database: templateName)
        }
        let config = StewardConfig(
            dataDirectory: templateDir, databaseURL: databaseURL, baseURL: URL(string: "http://127.0.0.1:8080")!,
            secretKey: secretKey, bcryptCost: 4)
        let app = try await Application.make(.testing)
        locateResources(app)
        do {
            try await configure(app, config: config)
            try await app.autoMigrate().get()
            accounts = try await DemoSeed.seedIfEmpty(app)
            if postgresURL == nil, let sql = app.db as? any SQLDatabase {
                // Everything into the main file, so copying that one file copies the whole database.
                try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        guard let accounts else { throw Abort(.internalServerError) }
        return accounts
    }

    /// A new database copied from the template, for one test.
    func makeDatabase() async throws -> (dataDirectory: URL, databaseURL: String?, cleanup: @Sendable () async -> Void)
    {
        _ = try await prepare()
        let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let dir = root.appendingPathComponent(id)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // The audit checkpoints written while the template was seeded belong with its copies.
        let checkpoints = root.appendingPathComponent("template/audit-checkpoints.log")
        if FileManager.default.fileExists(atPath: checkpoints.path) {
            try FileManager.default.copyItem(at: checkpoints, to: dir.appendingPathComponent("audit-checkpoints.log"))
        }
        if let postgresURL {
            let name = "steward_test_\(id)"
            try await Self.admin(postgresURL, "CREATE DATABASE \(name) TEMPLATE \(templateName)")
            return (
                dir, Self.url(postgresURL, database: name),
                {
                    try? await Self.admin(postgresURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                    try? FileManager.default.removeItem(at: dir)
                }
            )
        }
        // The template was closed cleanly, so its WAL is checkpointed into the main file.
        let source = root.appendingPathComponent("template/steward.sqlite")
        try FileManager.default.copyItem(at: source, to: dir.appendingPathComponent("steward.sqlite"))
        let wal = root.appendingPathComponent("template/steward.sqlite-wal")
        if FileManager.default.fileExists(atPath: wal.path) {
            try FileManager.default.copyItem(at: wal, to: dir.appendingPathComponent("steward.sqlite-wal"))
        }
        return (dir, nil, { try? FileManager.default.removeItem(at: dir) })
    }

    static func url(_ base: String, database: String) -> String {
        guard var components = URLComponents(string: base) else { return base }
        components.path = "/" + database
        return components.string ?? base
    }

    /// Runs one statement on the maintenance database (creating and dropping test databases).
    static func admin(_ url: String, _ statement: String) async throws {
        let app = try await Application.make(.testing)
        do {
            app.databases.use(try .postgres(url: url), as: .psql)
            guard let sql = app.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.raw(SQLQueryString(statement)).run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
