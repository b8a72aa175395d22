// The database as several processes and a long-running one see it: settings on every SQLite connection, one migrator
// at a time on PostgreSQL.

import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLKit
import SQLiteNIO
import Testing
import Vapor

@testable import App

@Suite struct DatabaseConnectionTests {
    /// A connection the pool opens to replace one that closed (after an error, say) waits for other writers and
    /// syncs in full, as those opened at start-up do: the settings belong to each connection, not to the file.
    @Test(.enabled(if: TestTemplate.shared.postgresURL == nil))
    func aConnectionThePoolReopensHasTheSettingsOfOneMadeAtStartUp() async throws {
        try await withSteward { app, _ in
            let loop = app.eventLoopGroup.any()
            let database = try #require(app.databases.database(.sqlite, logger: app.logger, on: loop))
            let sqlite = try #require(database as? any SQLiteDatabase)
            let settings = { @Sendable (connection: SQLiteConnection) async throws -> [String] in
                var values: [String] = []
                for pragma in ["journal_mode", "synchronous", "busy_timeout", "foreign_keys"] {
                    let rows = try await connection.query("PRAGMA \(pragma)")
                    values.append(rows.first?.columns.first.map { "\($0.data)" } ?? "none")
                }
                return values
            }
            let expected = ["\"wal\"", "2", "10000", "1"]
            let first = try await sqlite.withConnection { connection in
                loop.makeFutureWithTask { (connection, try await settings(connection)) }
            }.get()
            #expect(first.1 == expected)
            try await sqlite.withConnection { $0.close() }.get()
            let second = try await sqlite.withConnection { connection in
                loop.makeFutureWithTask { (connection, try await settings(connection)) }
            }.get()
            #expect(second.0 !== first.0, "the pool did not open a new connection")
            #expect(second.1 == expected)
        }
    }

    /// Sign-ins hash passwords on the application's shared blocking threads, as many as the machine has cores. With
    /// every one of them busy (a burst of sign-ins, say), a change is still saved: SQLite's connections run on threads
    /// of their own, so a writer holding the lock is never left waiting for a thread while others wait for the lock,
    /// and no request waits for the file system to be asked whether its path names a public file.
    @Test(.enabled(if: TestTemplate.shared.postgresURL == nil))
    func aWriteGoesThroughWhileEverySharedBlockingThreadIsBusy() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let token = try #require(try await head.get("/people/new").csrf)
            let threads = NIOSingletons.blockingPoolThreadCountSuggestion
            let started = NIOLockedValueBox(0)
            let released = NIOLockedValueBox(false)
            let release = DispatchSemaphore(value: 0)
            for _ in 0..<threads {
                app.threadPool.submit { _ in
                    started.withLockedValue { $0 += 1 }
                    release.wait()
                }
            }
            let releaseAll = { @Sendable in
                let first = released.withLockedValue { was in
                    defer { was = true }
                    return !was
                }
                if first { for _ in 0..<threads { release.signal() } }
            }
            // Not a speed target: it only turns a stalled database into a failure here instead of a hung suite.
            let watchdog = Task {
                try? await Task.sleep(for: .seconds(30))
                releaseAll()
            }
            while started.withLockedValue({ $0 }) < threads { try await Task.sleep(for: .milliseconds(10)) }
            let reply = try await head.post(
                "/people",
                [
                    ("forename", "Ada"), ("surname", "Threads"), ("email", "ada.threads@stcleopas.example.org"),
                    ("kind", "volunteer"),
                ], csrf: token)
            let healthy = try await head.get("/healthz")
            let stylesheet = try await head.get("/css/app.css")
            let savedFirst = !released.withLockedValue { $0 }
            releaseAll()
            watchdog.cancel()
            #expect(savedFirst, "the change waited for the shared blocking threads to come free")
            #expect(reply.status == .seeOther)
            #expect(try await app.count("people", where: "email", "ada.threads@stcleopas.example.org") == 1)
            #expect(healthy.status == .ok)
            #expect(stylesheet.status == .ok && stylesheet.body.contains("{"))
        }
    }

    /// Instances started together on one PostgreSQL take turns to migrate: never two inside at once.
    @Test(.enabled(if: TestTemplate.shared.postgresURL != nil))
    func migratorsTakeTurnsOnPostgreSQL() async throws {
        try await withSteward { app, _ in
            let turns = Turns()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await MigrationLock.holding(app) {
                            await turns.enter()
                            try await Task.sleep(for: .milliseconds(200))
                            await turns.leave()
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(await turns.finished == 3)
            #expect(await turns.most == 1)
            // The lock is given back: the next one takes it at once.
            try await MigrationLock.migrate(app)
        }
    }
}

/// Counts who is inside a critical section at once.
private actor Turns {
    private(set) var inside = 0
    private(set) var most = 0
    private(set) var finished = 0

    func enter() {
        inside += 1
        most = max(most, inside)
    }

    func leave() {
        inside -= 1
        finished += 1
    }
}
