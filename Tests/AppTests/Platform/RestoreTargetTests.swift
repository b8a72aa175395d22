// What a restore checks in an unpacked backup before any of it is put in place: the right engine and files, a
// schema this version knows, a readable instance key and privacy help, and an SQLite database that is whole, is
// Steward's, and holds exactly the tables and rows its manifest counted.

import Crypto
import Foundation
import SQLiteNIO
import StewardCore
import Testing

@testable import App

@Suite("Restore: what is checked before anything is put in place", .serialized)
struct RestoreTargetTests {
    /// A staging folder holding a small SQLite database like Steward's, its key and checkpoints, and its manifest.
    struct Staged {
        var folder: URL
        var manifest: BackupManifest

        static func make(
            tables: [String: Int] = ["_fluent_migrations": 1, "audit_entries": 2, "audit_head": 1, "people": 3]
        )
            async throws -> Staged
        {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("staged-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let database = try await SQLiteConnection.open(
                storage: .file(path: folder.appendingPathComponent("steward.sqlite").path))
            for (table, rows) in tables {
                _ = try await database.query("CREATE TABLE \"\(table)\" (n INTEGER)")
                for row in 0..<rows { _ = try await database.query("INSERT INTO \"\(table)\" VALUES (\(row))") }
            }
            try await database.close()
            try (String(repeating: "ab", count: 32) + "\n").write(
                to: folder.appendingPathComponent("secret.key"), atomically: true, encoding: .utf8)
            try "".write(to: folder.appendingPathComponent("audit-checkpoints.log"), atomically: true, encoding: .utf8)
            let files = ["steward.sqlite", "secret.key", "audit-checkpoints.log"].map {
                BackupManifest.File(name: $0, size: 0, sha256: String(repeating: "0", count: 64))
            }
            let manifest = BackupManifest(
                createdAt: "2026-12-01T01:00:00.000Z", stewardVersion: StewardVersion.current, engine: "sqlite",
                schema: StewardMigrations.names.last ?? "", migrations: 1, counts: tables, auditSeq: 2,
                auditHash: String(repeating: "0", count: 64), files: files)
            return Staged(folder: folder, manifest: manifest)
        }

        func refusal(_ environment: [String: String] = [:]) async -> String? {
            await RestoreTarget.refusal(manifest, staging: folder, environment: environment)
        }
    }

    @Test("A whole, consistent SQLite backup is accepted")
    func accepted() async throws {
        let staged = try await Staged.make()
        defer { try? FileManager.default.removeItem(at: staged.folder) }
        #expect(await staged.refusal() == nil)
    }

    @Test("Each way an unpacked backup can be wrong is refused with its own reason")
    func refused() async throws {
        var cases: [(String, (inout Staged) throws -> Void, String)] = []
        cases.append(("into PostgreSQL", { _ in }, "restores into SQLite only"))
        cases.append(
            (
                "no key", { try FileManager.default.removeItem(at: $0.folder.appendingPathComponent("secret.key")) },
                "instance key is damaged"
            ))
        cases.append(
            (
                "a key that is not hex",
                {
                    try "not hex at all".write(
                        to: $0.folder.appendingPathComponent("secret.key"), atomically: true, encoding: .utf8)
                }, "instance key is damaged"
            ))
        cases.append(
            (
                "a short key",
                {
                    try "abcd".write(
                        to: $0.folder.appendingPathComponent("secret.key"), atomically: true, encoding: .utf8)
                }, "instance key is damaged"
            ))
        cases.append(
            (
                "an unknown schema", { $0.manifest.schema = "2099-01-01-from-the-future" },
                "does not know (2099-01-01-from-the-future)"
            ))
        cases.append(
            (
                "a database file of another engine",
                {
                    $0.manifest.files.append(
                        BackupManifest.File(name: "database.pgdump", size: 0, sha256: String(repeating: "0", count: 64))
                    )
                }, "does not hold what a backup of sqlite holds"
            ))
        cases.append(
            (
                "no checkpoints", { $0.manifest.files.removeAll { $0.name == "audit-checkpoints.log" } },
                "does not hold what"
            ))
        cases.append(
            (
                "junk for a database",
                {
                    try Data("this is not a database, it only says it is".utf8).write(
                        to: $0.folder.appendingPathComponent("steward.sqlite"))
                }, "nothing was restored"
            ))
        cases.append(
            (
                "privacy help that is not JSON",
                {
                    try "{{{".write(
                        to: $0.folder.appendingPathComponent("privacy-help.json"), atomically: true, encoding: .utf8)
                    $0.manifest.files.append(
                        BackupManifest.File(
                            name: "privacy-help.json", size: 3, sha256: String(repeating: "0", count: 64)))
                }, "privacy-help.json) cannot be read"
            ))
        cases.append(
            (
                "a table more than the manifest lists", { $0.manifest.counts.removeValue(forKey: "people") },
                "does not hold the tables its manifest lists"
            ))
        cases.append(
            ("a table fewer", { $0.manifest.counts["ghosts"] = 0 }, "does not hold the tables its manifest lists"))
        cases.append(("a row more", { $0.manifest.counts["people"] = 2 }, "people holds 3 rows, its manifest 2"))
        cases.append(("a row fewer", { $0.manifest.counts["people"] = 4 }, "people holds 3 rows, its manifest 4"))
        for (name, change, reason) in cases {
            var staged = try await Staged.make()
            defer { try? FileManager.default.removeItem(at: staged.folder) }
            try change(&staged)
            let environment = name == "into PostgreSQL" ? ["STEWARD_DATABASE_URL": "postgres://u@h/d"] : [:]
            let refusal = await staged.refusal(environment)
            #expect(refusal?.contains(reason) == true, "\(name): \(refusal ?? "accepted")")
        }
    }

    @Test("A database that is not Steward's is refused, whatever its tables are called")
    func notSteward() async throws {
        let staged = try await Staged.make(tables: ["notes": 2, "photos": 1])
        defer { try? FileManager.default.removeItem(at: staged.folder) }
        #expect(await staged.refusal() == "The backup's database is not a Steward database: nothing was restored.")
    }

    @Test("STEWARD_SECRET_KEY set to another key is refused; set to the backup's own (any case) is accepted")
    func secretKey() async throws {
        let staged = try await Staged.make()
        defer { try? FileManager.default.removeItem(at: staged.folder) }
        let other = await staged.refusal(["STEWARD_SECRET_KEY": String(repeating: "cd", count: 32)])
        #expect(other?.contains("STEWARD_SECRET_KEY is set") == true)
        #expect(await staged.refusal(["STEWARD_SECRET_KEY": String(repeating: "AB", count: 32)]) == nil)
    }

    @Test("Targets: a file, a link, a directory with anything in it or an interrupted restore's leftovers are refused")
    func targets() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("targets-\(UUID())")
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: root) }
        #expect(RestoreTarget.refusal(root.appendingPathComponent("new")) == nil)
        let empty = root.appendingPathComponent("empty")
        try fm.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(RestoreTarget.refusal(empty) == nil)
        let file = root.appendingPathComponent("file")
        fm.createFile(atPath: file.path, contents: Data("x".utf8))
        #expect(RestoreTarget.refusal(file)?.contains("is a file, not a directory") == true)
        let link = root.appendingPathComponent("link")
        try fm.createSymbolicLink(at: link, withDestinationURL: root.appendingPathComponent("nowhere"))
        #expect(RestoreTarget.refusal(link)?.contains("is a symbolic link") == true)
        let hidden = root.appendingPathComponent("hidden")
        try fm.createDirectory(at: hidden, withIntermediateDirectories: true)
        fm.createFile(atPath: hidden.appendingPathComponent(".keep").path, contents: Data())
        #expect(RestoreTarget.refusal(hidden)?.contains("is not empty") == true)
        let interrupted = root.appendingPathComponent("interrupted")
        try fm.createDirectory(at: interrupted.appendingPathComponent(".restoring"), withIntermediateDirectories: true)
        #expect(RestoreTarget.refusal(interrupted)?.contains("interrupted restore") == true)
        // Claiming: the directory becomes private, and a second claim while the first holds it is refused.
        let claimed = root.appendingPathComponent("claimed")
        try fm.createDirectory(at: claimed, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try RestoreTarget.claim(claimed, staging: claimed.appendingPathComponent(".restoring"))
        #expect((try fm.attributesOfItem(atPath: claimed.path)[.posixPermissions] as? Int) == 0o700)
        #expect(throws: CommandFailure.self) {
            try RestoreTarget.claim(claimed, staging: claimed.appendingPathComponent(".restoring"))
        }
    }
}
