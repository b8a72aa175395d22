// The server's nightly backup: a file named for its time, readable with the server's own key, holding the database
// as it was, recorded in the audit log; and the rotation that keeps 7 daily and 4 weekly copies and nothing else.

import Crypto
import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Nightly backups", .serialized)
struct BackupTests {
    /// 2026-12-01, a Tuesday, at 01:00 UTC.
    static let tonight = Date(timeIntervalSince1970: 1_796_086_800)

    @Test("The nightly backup holds the database as it was, the instance's key and checkpoints, and is audited")
    func nightly() async throws {
        #expect(AuditRecord.timestamp(Self.tonight) == "2026-12-01T01:00:00.000Z")
        try await withSteward { app, _ in
            let config = app.steward.config
            let people = try await Person.query(on: app.db).count()
            let headBefore = try #require(try await AuditHead.find(1, on: app.db))
            try await DailyBackup.run(app: app, now: Self.tonight)

            let folder = config.dataDirectory.appendingPathComponent("backups")
            let file = folder.appendingPathComponent("steward-2026-12-01T010000Z.backup")
            #expect(FileManager.default.fileExists(atPath: file.path))
            // The server made its own key, readable by its owner only.
            let keyFile = config.dataDirectory.appendingPathComponent("backup.key")
            let attributes = try FileManager.default.attributesOfItem(atPath: keyFile.path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let key = try BackupKey.parse(try String(contentsOf: keyFile, encoding: .utf8), source: "test")

            let out = FileManager.default.temporaryDirectory.appendingPathComponent("unpacked-\(UUID())")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: out) }
            let manifest = try Backups.unpack(file, key: key, into: out)
            #expect(manifest.counts["people"] == people)
            #expect(manifest.auditSeq == headBefore.seq && manifest.auditHash == headBefore.hash)
            #expect(manifest.engine == (config.databaseURL == nil ? "sqlite" : "postgresql"))
            #expect(manifest.schema == StewardMigrations.names.last)
            #expect(manifest.createdAt == "2026-12-01T01:00:00.000Z")
            let secret = try String(contentsOf: out.appendingPathComponent("secret.key"), encoding: .utf8)
            #expect(try BackupKey.parse(secret, source: "test") == config.secretKey)
            // Checkpoints up to the copy's head only: a later one would name entries the copy does not hold.
            let checkpoints = try String(
                contentsOf: out.appendingPathComponent("audit-checkpoints.log"), encoding: .utf8)
            let parsed = try AuditCheckpoint.parse(checkpoints, key: app.steward.auditSealing.checkpointKey).get()
            #expect(parsed.allSatisfy { $0.seq <= headBefore.seq })

            let last = try #require(try await AuditEntry.query(on: app.db).sort(\.$id, .descending).first())
            #expect(last.action == "backup.made")
            #expect(last.details.contains("steward-2026-12-01T010000Z.backup"))
            guard case .intact = try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing) else {
                Issue.record("the audit log does not verify after a backup")
                return
            }
            // The plain copy made on the way was removed.
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(left == ["steward-2026-12-01T010000Z.backup"])
        }
    }

    @Test("After forty nights, the newest of each of the last 7 days and 4 weeks are kept, and nothing else is touched")
    func rotation() async throws {
        try await withSteward { app, _ in
            let folder = DailyBackup.directory(app.steward.config)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // 22 October to 30 November, one a night; and files that are not nightly backups.
            var names: [String] = []
            for night in 1...40 {
                let name = BackupRotation.name(for: Self.tonight.addingTimeInterval(-Double(night) * 86_400))
                names.append(name)
                FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data())
            }
            #expect(names.first == "steward-2026-11-30T010000Z.backup")
            #expect(names.last == "steward-2026-10-22T010000Z.backup")
            for other in ["notes.txt", "steward-by-hand.backup", "before-upgrade.backup"] {
                FileManager.default.createFile(atPath: folder.appendingPathComponent(other).path, contents: Data())
            }
            // A folder and a link named like old backups are somebody's own: never removed.
            let folderLike = "steward-2019-01-01T000000Z.backup"
            let linkLike = "steward-2019-01-02T000000Z.backup"
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(folderLike).appendingPathComponent("inside"),
                withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                at: folder.appendingPathComponent(linkLike),
                withDestinationURL: folder.appendingPathComponent("notes.txt"))
            // What a backup killed part-way left: removed once old, kept while it could belong to one under way.
            let old = folder.appendingPathComponent(".staging-\(UUID())")
            let young = folder.appendingPathComponent(".staging-\(UUID())")
            let oldPart = folder.appendingPathComponent(".steward-x.backup.\(UUID()).part")
            for item in [old, young] {
                try FileManager.default.createDirectory(at: item, withIntermediateDirectories: true)
            }
            FileManager.default.createFile(atPath: oldPart.path, contents: Data("plain".utf8))
            for item in [old, oldPart] {
                try FileManager.default.setAttributes(
                    [.modificationDate: Self.tonight.addingTimeInterval(-Backups.staleAfter - 60)],
                    ofItemAtPath: item.path)
            }
            try FileManager.default.setAttributes(
                [.modificationDate: Self.tonight.addingTimeInterval(-Backups.staleAfter + 60)], ofItemAtPath: young.path
            )
            let removed = try await DailyBackup.run(app: app, now: Self.tonight)
            let kept = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
            let expected: Set<String> = [
                "steward-2026-12-01T010000Z.backup", "steward-2026-11-30T010000Z.backup",
                "steward-2026-11-29T010000Z.backup", "steward-2026-11-28T010000Z.backup",
                "steward-2026-11-27T010000Z.backup", "steward-2026-11-26T010000Z.backup",
                "steward-2026-11-25T010000Z.backup",
                // Weeks from Monday: 16–22 November and 9–15 November.
                "steward-2026-11-22T010000Z.backup", "steward-2026-11-15T010000Z.backup",
                "notes.txt", "steward-by-hand.backup", "before-upgrade.backup", folderLike, linkLike,
                young.lastPathComponent,
            ]
            #expect(kept == expected)
            let removedCount: Int = 40 + 1 - 9  // written out inside #expect, this took the compiler 2.5 s
            #expect(removed.count == removedCount)
        }
    }

    @Test("A night whose backup fails removes no earlier backup and leaves no partial file")
    func failingNight() async throws {
        try await withSteward { app, _ in
            let config = app.steward.config
            let folder = DailyBackup.directory(config)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var names: [String] = []
            for night in 1...12 {
                let name = BackupRotation.name(for: Self.tonight.addingTimeInterval(-Double(night) * 86_400))
                names.append(name)
                FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data())
            }
            // A damaged key file: the backup cannot be encrypted.
            try "not a key".write(
                to: config.dataDirectory.appendingPathComponent("backup.key"), atomically: true, encoding: .utf8)
            await #expect(throws: CommandFailure.self) { try await DailyBackup.run(app: app, now: Self.tonight) }
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == Set(names))
            // Tonight's name already taken (a backup by hand a moment ago): refused, nothing overwritten.
            try FileManager.default.removeItem(at: config.dataDirectory.appendingPathComponent("backup.key"))
            let taken = folder.appendingPathComponent("steward-2026-12-01T010000Z.backup")
            FileManager.default.createFile(atPath: taken.path, contents: Data("mine".utf8))
            await #expect(throws: CommandFailure.self) { try await DailyBackup.run(app: app, now: Self.tonight) }
            #expect(try Data(contentsOf: taken) == Data("mine".utf8))
            #expect(
                Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
                    == Set(names + [taken.lastPathComponent]))
        }
    }

    @Test(
        "A nightly backup that failed is on the home page of every headteacher and trust administrator, no one else's")
    func failedNightOnHomePages() async throws {
        try await withSteward { app, demo in
            try await Jobs.ensureRecurring(on: app.db, now: Self.tonight)
            let job = try #require(
                try await Job.query(on: app.db).filter(\.$kind == DailyBackup.kind).first())
            func homes() async throws -> [String: Bool] {
                var shown: [String: Bool] = [:]
                for account in demo.accounts.accounts {
                    let browser = try await Browser.signedIn(app, as: account.email)
                    shown[account.email] = try await browser.get("/").body.contains("backup did not work")
                }
                return shown
            }
            // Nothing to say while the backups work.
            #expect(try await homes().values.allSatisfy { !$0 })
            job.lastError = "pg_dump failed: disk full"
            job.lastRunAt = Self.tonight
            try await job.save(on: app.db)
            let shown = try await homes()
            #expect(shown.count >= 20)
            for account in demo.accounts.accounts {
                // Those who may see failed background jobs: the headteacher and trust administrators (AccessPolicy's
                // viewOutbox, issue 3).
                let looksAfterIt = account.roles.contains("headteacher") || account.roles.contains("trust_admin")
                #expect(shown[account.email] == looksAfterIt, "\(account.email)")
            }
            // The reason stays on the mail page, not on the home page.
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            #expect(!(try await head.get("/").body.contains("disk full")))
        }
    }
}
