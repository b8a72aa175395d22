// A SQLite database made by the last commit before the feature-homes move (a974d58) opens with no migration to run
// and every record intact: moving a migration's type must never make it run again (issue 12, "what must not change").

import Crypto
import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("A database from before the move")
struct MigrationFixtureTests {
    /// Migrations added after the fixture was made: the only ones allowed to run on it.
    static let addedSince: Set<String> = [
        "2026-11-30-school-time-zone", "2026-11-30-official-accounts", "2026-12-01-obligation-reminders",
        "2026-12-01-declarations", "2026-12-01-self-checks", "2026-12-01-governors-reports",
        "2026-12-01-case-entry-report", "2026-12-01-school-sign-in", "2026-12-02-retention-schedule",
        "2026-12-03-records-purge", "2026-12-03-records-erasure", "2026-12-04-failing-mail-index",
    ]

    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/before-feature-homes")

    /// Opens a copy of the fixture with the key it was made with; the copy is removed afterwards.
    static func withFixture(_ body: (Application) async throws -> Void) async throws {
        // A clone without the database file (a .gitignore that catches it) must fail here, not pass on an empty one.
        let file = fixture.appendingPathComponent("steward.sqlite")
        try #require(FileManager.default.fileExists(atPath: file.path), "the fixture database is missing: \(file.path)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("steward-fixture-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixture, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let hex = try String(contentsOf: dir.appendingPathComponent("secret-key.hex"), encoding: .utf8)
        let bytes = stride(from: 0, to: 64, by: 2).compactMap { i -> UInt8? in
            let start = hex.index(hex.startIndex, offsetBy: i)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)
        }
        #expect(bytes.count == 32)
        let config = StewardConfig(
            dataDirectory: dir, baseURL: URL(string: "http://127.0.0.1:8080")!, secretKey: SymmetricKey(data: bytes),
            bcryptCost: 4)
        let app = try await Application.make(.testing)
        locateResources(app)
        app.logger.logLevel = .critical
        do {
            try await configure(app, config: config)
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test("No migration made before the move runs again on it")
    func nothingToRun() async throws {
        try await Self.withFixture { app in
            try await app.migrator.setupIfNeeded().get()
            let pending = try await app.migrator.previewPrepareBatch().get().map { $0.0.name }
            #expect(Set(pending) == Self.addedSince, "pending on a database from before the move: \(pending)")
            // Every name the fixture recorded is still a migration the app knows, so none was renamed.
            struct Row: Decodable { var name: String }
            let recorded = try await app.sql.select().column("name").from("_fluent_migrations").all(decoding: Row.self)
            let known = Set(StewardMigrations.all(sealing: app.steward.auditSealing).map(\.name))
            #expect(recorded.count == 9)
            for row in recorded { #expect(known.contains(row.name), "\(row.name) is no longer a migration") }
        }
    }

    @Test("Every record is intact and the app works on it: the case, its evidence, acknowledgements, the audit chain")
    func recordsIntact() async throws {
        try await Self.withFixture { app in
            try await app.autoMigrate().get()
            // The figures the fixture was made with (counted with sqlite3 when it was made).
            for (table, count) in [
                ("people", 32), ("schools", 3), ("cases", 1), ("case_entries", 5), ("case_evidence", 1),
                ("case_members", 1), ("policy_acknowledgements", 3), ("policy_versions", 1), ("api_tokens", 1),
                ("outbox_messages", 3),
            ] {
                #expect(try await app.count(table) == count, "\(table)")
            }
            #expect(try await app.count("audit_entries") >= 13)
            guard case .intact = try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing) else {
                Issue.record("the audit chain from before the move does not verify")
                return
            }
            let item = try #require(try await Case.query(on: app.db).first())
            #expect(item.reference.hasPrefix("C-2026-"))
            #expect(item.whatHappened == "Abusive comments under a school post.")
            let evidence = try #require(try await CaseEvidence.query(on: app.db).first())
            #expect(SHA256.hash(data: evidence.data).hex == evidence.sha256)
            // The handling team still reads the case, and the chronology from before the move is on its page.
            let head = try await Browser.signedIn(app, as: "headteacher@stcleopas.example.org")
            let page = try await head.get("/concerns/\(try item.requireID())")
            #expect(page.status == .ok)
            #expect(page.body.contains("Abusive comments under a school post."))
            #expect(page.body.contains("LADO 77"))
            #expect(page.body.contains("screenshot.png"))
        }
    }
}
