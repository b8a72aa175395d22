// Where a restore may go, and what a backup must hold before any of it is put there.

import Foundation
import SQLiteNIO
import StewardCore

/// Where a restore may go (a new or empty directory that is really a directory), and the checks of the unpacked
/// backup made before any of it is put in place.
enum RestoreTarget {
    /// Why nothing may be restored into `target`; nil when it may.
    static func refusal(_ target: URL) -> String? {
        let fm = FileManager.default
        if (try? fm.destinationOfSymbolicLink(atPath: target.path)) != nil {
            return "\(target.path) is a symbolic link: give the directory itself."
        }
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: target.path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return "\(target.path) is a file, not a directory." }
        let entries = (try? fm.contentsOfDirectory(atPath: target.path)) ?? []
        if entries == [".restoring"] {
            return "\(target.path) holds what an interrupted restore left (.restoring): delete the directory and "
                + "restore again."
        }
        if !entries.isEmpty {
            return "\(target.path) is not empty: a restore only goes into a new or empty directory, so nothing there "
                + "is overwritten."
        }
        return nil
    }

    /// Makes `target` (if new) private to its owner and takes it: `staging` is made only if no other restore has,
    /// so two restores into one directory never both go ahead.
    static func claim(_ target: URL, staging: URL) throws(CommandFailure) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(
                at: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: target.path)
        } catch {
            throw CommandFailure(
                message: "Cannot make \(target.path) a private directory: \(error.localizedDescription)", code: 1)
        }
        do {
            try fm.createDirectory(
                at: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CommandFailure(message: "Another restore into \(target.path) is under way.", code: 1)
        }
    }

    /// Removes what a refused restore wrote: the directory itself when it made it, else what it put in it.
    static func empty(_ target: URL, remove: Bool) {
        let fm = FileManager.default
        if remove {
            try? fm.removeItem(at: target)
            return
        }
        for name in (try? fm.contentsOfDirectory(atPath: target.path)) ?? [] {
            try? fm.removeItem(at: target.appendingPathComponent(name))
        }
    }

    /// Why this backup cannot go here, before anything is put in place; nil when it can.
    static func refusal(_ manifest: BackupManifest, staging: URL, environment: [String: String]) async -> String? {
        let intoPostgres = !(environment["STEWARD_DATABASE_URL"] ?? "").isEmpty
        if manifest.engine == "sqlite" && intoPostgres {
            return "This is a backup of an SQLite database: it restores into SQLite only. Unset STEWARD_DATABASE_URL "
                + "to restore it into the data directory."
        }
        if manifest.engine == "postgresql" && !intoPostgres {
            return "This is a backup of a PostgreSQL database: it restores into PostgreSQL only. Set "
                + "STEWARD_DATABASE_URL to an empty database to restore it."
        }
        let database = manifest.engine == "sqlite" ? BackupSnapshot.sqliteName : BackupSnapshot.postgresName
        let expected: Set<String> = [database, Backups.secretKeyName, Backups.checkpointsName]
        let names = Set(manifest.files.map(\.name))
        guard expected.isSubset(of: names), names.subtracting(expected).isSubset(of: [Backups.privacyHelpName])
        else { return "The backup does not hold what a backup of \(manifest.engine) holds: nothing was restored." }
        if !manifest.schema.isEmpty && !StewardMigrations.names.contains(manifest.schema) {
            return "This backup's database has changes this version of Steward (\(StewardVersion.current)) does not "
                + "know (\(manifest.schema)): restore it with Steward \(manifest.stewardVersion) or later."
        }
        let restored =
            (try? String(contentsOf: staging.appendingPathComponent(Backups.secretKeyName), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let restored, let bytes = StewardConfig.hexBytes(restored), bytes.count >= 32 else {
            return "The backup's instance key is damaged: nothing was restored."
        }
        if let raw = environment["STEWARD_SECRET_KEY"], !raw.isEmpty, raw.lowercased() != restored {
            return "STEWARD_SECRET_KEY is set, and is not the key of the instance this backup came from: its audit "
                + "log and two-factor secrets could not be read with it. Unset it (the restored directory holds the "
                + "right key in secret.key) or set it to that key."
        }
        if let help = FileManager.default.contents(
            atPath: staging.appendingPathComponent(Backups.privacyHelpName).path),
            (try? SocialPlatforms.parse(help)) == nil
        {
            return "The backup's privacy-settings help (privacy-help.json) cannot be read: nothing was restored."
        }
        if manifest.engine == "sqlite" {
            return await sqliteRefusal(manifest, file: staging.appendingPathComponent(database))
        }
        return nil
    }

    /// An SQLite copy is checked where it lies, before it is put in place: the database's own integrity check,
    /// Steward's tables there, and exactly the tables and rows the manifest counted.
    static func sqliteRefusal(_ manifest: BackupManifest, file: URL) async -> String? {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: file.path))
        } catch {
            return "The backup's database cannot be opened: nothing was restored."
        }
        var problem: String?
        do {
            let check = try await connection.query("PRAGMA integrity_check").first?.columns.first?.data.string
            let tables = Set(
                try await connection.query(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                ).compactMap { $0.column("name")?.string })
            if check != "ok" {
                problem =
                    "The backup's database fails its integrity check (\(check ?? "no answer")): nothing was restored."
            } else if !["_fluent_migrations", "audit_entries", "audit_head"].allSatisfy(tables.contains) {
                problem = "The backup's database is not a Steward database: nothing was restored."
            } else if tables != Set(manifest.counts.keys) {
                problem = "The backup's database does not hold the tables its manifest lists: nothing was restored."
            } else {
                for (table, expected) in manifest.counts.sorted(by: { $0.key < $1.key }) {
                    let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    let found = try await connection.query("SELECT COUNT(*) AS n FROM \(quoted)").first?
                        .column("n")?.integer
                    if found != expected {
                        problem =
                            "The backup's \(table) holds \(found ?? 0) rows, its manifest \(expected): nothing was restored."
                        break
                    }
                }
            }
        } catch {
            problem = "The backup's database cannot be read: nothing was restored."
        }
        try? await connection.close()
        return problem
    }
}
