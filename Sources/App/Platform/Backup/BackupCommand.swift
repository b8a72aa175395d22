// `steward backup FILE`: an encrypted, authenticated copy of everything, taken while the server runs.

import Foundation
import SQLKit
import StewardCore
import Vapor

/// `steward backup FILE`: an encrypted copy of the database and of what a restore needs beside it, taken while the
/// server runs; the file is only ever complete or absent.
public struct BackupCommand: ApplicationCommand {
    public var file: String

    public init(file: String) {
        self.file = file
    }

    /// A backup copies what is there: it never makes or migrates a database (a mistyped data directory would
    /// otherwise be backed up, empty, every night).
    public var migratesFirst: Bool { false }

    /// Why a backup cannot start with these settings, before anything is opened or created: no database where
    /// `STEWARD_DATA_DIR` points.
    public static func refusal(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard (environment["STEWARD_DATABASE_URL"] ?? "").isEmpty else { return nil }
        let directory = environment["STEWARD_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        let file = URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent("steward.sqlite")
        guard !FileManager.default.fileExists(atPath: file.path) else { return nil }
        return "There is no Steward database in \(file.deletingLastPathComponent().standardizedFileURL.path): "
            + "STEWARD_DATA_DIR must name the data directory of the Steward to back up."
    }

    public func run(in app: Application) async throws {
        let config = app.steward.config
        if config.databaseKind == .postgres, let sql = app.db as? any SQLDatabase {
            struct Count: Decodable { var n: Int }
            let tables =
                try await sql.raw(
                    "SELECT COUNT(*)::bigint AS n FROM pg_tables WHERE tablename IN ('_fluent_migrations', 'audit_head')"
                ).first(decoding: Count.self)?.n ?? 0
            guard tables == 2 else {
                throw CommandFailure(
                    message: "The database STEWARD_DATABASE_URL names holds no Steward: nothing to back up.", code: 1)
            }
        }
        let (key, made) = try BackupKey.load(dataDirectory: config.dataDirectory, create: true)
        if let made { app.console.print(BackupKey.madeNotice(made)) }
        let keySource =
            (ProcessInfo.processInfo.environment[BackupKey.variable] ?? "").isEmpty
            ? "the key in \(config.dataDirectory.appendingPathComponent(BackupKey.fileName).path)"
            : BackupKey.variable
        let target = URL(fileURLWithPath: file).standardizedFileURL
        let started = Date()
        let manifest = try await Backups.make(app: app, to: target, key: key, now: started)
        let size = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int) ?? 0
        let rows = manifest.counts.values.reduce(0, +)
        app.console.print(
            "Backed up \(rows) rows in \(manifest.counts.count) tables (\(manifest.engine), audit log to entry "
                + "\(manifest.auditSeq)) into \(target.path): \(size) bytes in "
                + String(format: "%.1f", Date().timeIntervalSince(started)) + " s, encrypted with \(keySource).")
    }
}
