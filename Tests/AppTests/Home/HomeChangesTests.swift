// A change keeps the parts of the home pages it cannot reach: checked against the tables each action writes and each
// part reads, and against the pages made afresh.

import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Home pages after a change: only the parts a change could reach are made again")
struct HomeChangesTests {
    /// Every SQL statement logged through a logger, as Fluent's drivers log them at debug.
    final class SQLLog: LogHandler, @unchecked Sendable {
        private let lines = NIOLockedValueBox<[String]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            guard case .string(let sql)? = event.metadata?["sql"] else { return }
            lines.withLockedValue { $0.append(sql) }
        }

        /// The statements logged since the last call, and forgets them.
        func take() -> [String] {
            lines.withLockedValue { lines in
                defer { lines = [] }; return lines
            }
        }

        var logger: Logger {
            var logger = Logger(label: "steward.test.sql") { _ in self }
            logger.logLevel = .debug
            return logger
        }
    }

    /// The tables `statements` read from, or write to.
    static func tables(_ statements: [String], written: Bool) -> Set<String> {
        let pattern =
            written
            ? #/(?i)(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?/#
            : #/(?i)(?:FROM|JOIN)\s+"?(\w+)"?/#
        return Set(statements.flatMap { $0.matches(of: pattern).map { String($0.output.1) } })
    }

    /// The audit log's own tables: `HomeChanges` reads them to know what changed.
    static let auditTables: Set<String> = ["audit_entries", "audit_head", "audit_checkpoints"]

    /// The tables each kept part of a home page reads, for every person of every school, with every branch the demo
    /// and a privacy check that reported contact reach.
    static func partReads(_ app: Application, _ log: SQLLog) async throws -> [String: Set<String>] {
        let db = try #require(app.databases.database(logger: log.logger, on: app.eventLoopGroup.any()))
        var reads: [String: Set<String>] = [:]
        for person in try await Person.query(on: app.db).filter(\.$active == true).all() {
            let actor = try await ActorLoader.load(person: person, currentSchoolID: nil, on: app.db)
            _ = log.take()
            for name in HomeController.partNames(for: actor) where name != HomeCache.trustPart {
                _ = try await HomeController.part(name, for: actor, person: person, on: db)
                reads[name, default: []].formUnion(Self.tables(log.take(), written: false))
            }
        }
        return reads
    }

    /// The people a change is made by, signed in or holding tokens made before anything is recorded.
    struct Actors {
        let teacher: Browser
        let headteacher: Browser
        let teacherToken: String
        let headteacherToken: String
        let taToken: String
        let twoFactor: DemoAccounts.Account
        let plain: DemoAccounts.Account
        let policies: [String]

        init(_ app: Application, _ demo: Demo) async throws {
            teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            headteacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            teacherToken = try await app.apiToken(for: demo.account("st-cleopas", "teacher").email)
            headteacherToken = try await app.apiToken(for: demo.account("st-cleopas", "headteacher").email)
            taToken = try await app.apiToken(for: demo.account("st-cleopas", "ta").email)
            let ours = demo.accounts.accounts.filter { $0.email.hasSuffix("@stcleopas.example.org") }
            twoFactor = try #require(ours.first { $0.totp_secret != nil })
            plain = try #require(ours.first { $0.totp_secret == nil })
            let schoolID = try await app.schoolID("st-cleopas")
            policies = try await PolicyLibrary.publishedPolicies(of: schoolID, on: app.db).compactMap(\.id?.uuidString)
        }
    }

    /// Each change, made as people make it; each answers a short name for the messages.
    static func changes(_ app: Application, _ actors: Actors) -> [(String, () async throws -> Void)] {
        func api(
            _ token: String, _ method: HTTPMethod, _ path: String, _ body: String, _ type: String
        )
            async throws -> Reply
        {
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: token)
            return try await Browser(app).request(method, path, headers: headers, body: body, contentType: type)
        }
        func report(_ category: String) async throws {
            let form = try await actors.teacher.get("/concerns/new")
            let reply = try await actors.teacher.postMultipart(
                "/concerns", csrf: form.csrf,
                fields: [
                    ("category", category), ("what_happened", "A message."), ("platform", "Email"),
                    ("involved", "unknown"),
                ])
            #expect(reply.status == .seeOther, "reporting \(category): \(reply.status)")
        }
        return [
            ("a concern reported on its form", { try await report("other") }),
            ("contact from a pupil reported", { try await report("contact_from_pupil_or_family") }),
            (
                "a concern reported through the API",
                {
                    let body =
                        #"{"category":"other","whatHappened":"A message.","platform":"Email","involved":"unknown"}"#
                    let reply = try await api(actors.teacherToken, .POST, "/api/v1/concerns", body, "application/json")
                    #expect(reply.status == .created, "\(reply.status) \(reply.body)")
                }
            ),
            (
                "a case opened",
                {
                    let id = try #require(try await Case.query(on: app.db).sort(\.$createdAt, .descending).first()?.id)
                    let reply = try await actors.headteacher.get("/concerns/\(id.uuidString)")
                    #expect(reply.status == .ok)
                }
            ),
            (
                "a policy acknowledged on its page",
                {
                    for id in actors.policies {
                        let page = try await actors.teacher.get("/policies/\(id)")
                        let version = try #require(Reply.firstMatch(#"name="version" value="([^"]+)""#, in: page.body))
                        let reply = try await actors.teacher.post(
                            "/policies/\(id)/acknowledge", [("version", version), ("confirm", "yes")], csrf: page.csrf)
                        #expect(reply.status == .seeOther)
                    }
                }
            ),
            (
                "a policy acknowledged through the API",
                {
                    for id in actors.policies {
                        let reply = try await api(
                            actors.taToken, .POST, "/api/v1/policies/\(id)/acknowledgements", "{}", "application/json")
                        #expect(reply.status == .created, "\(reply.status) \(reply.body)")
                    }
                }
            ),
            (
                "a policy imported",
                {
                    let markdown = "# Kept Parts Policy\n\n### 1. Scope\n\n- 1.1 It applies to everyone.\n"
                    let reply = try await api(
                        actors.headteacherToken, .POST, "/api/v1/policies", markdown, "text/markdown")
                    #expect(reply.status == .created, "\(reply.status) \(reply.body)")
                }
            ),
            (
                "the roster read",
                {
                    let reply = try await actors.headteacher.get("/pupils")
                    #expect(reply.status == .ok)
                }
            ),
            (
                "people listed through the API",
                {
                    let reply = try await api(actors.headteacherToken, .GET, "/api/v1/people", "", "application/json")
                    #expect(reply.status == .ok)
                }
            ),
            ("signing in with a password", { try await Browser(app).signIn(actors.plain) }),
            ("signing in with a password and a code", { try await Browser(app).signIn(actors.twoFactor) }),
            (
                "a wrong password",
                {
                    let reply = try await Browser(app).post(
                        "/login", [("email", actors.plain.email), ("password", "not the password")], csrfFrom: "/login")
                    #expect(reply.status == .unauthorized)
                }
            ),
            (
                "a wrong code",
                {
                    let browser = Browser(app)
                    try await browser.post(
                        "/login", [("email", actors.twoFactor.email), ("password", actors.twoFactor.password)],
                        csrfFrom: "/login")
                    try await browser.post("/login/2fa", [("code", "000000")], csrfFrom: "/login/2fa")
                }
            ),
            (
                "signing out",
                {
                    let browser = try await Browser.signedIn(app, as: actors.plain.email)
                    try await browser.post("/logout", [], csrfFrom: "/account")
                }
            ),
        ]
    }

    /// The actions recorded after `seq`.
    static func actions(after seq: Int64, _ app: Application) async throws -> [String] {
        try await AuditEntry.query(on: app.db).filter(\.$id > seq).all().map(\.action)
    }

    static func head(_ app: Application) async throws -> Int64 {
        try await AuditHead.find(1, on: app.db)?.seq ?? 0
    }

    @Test("A change that keeps some parts writes no table that any of those parts reads")
    func keptPartsReadNothingTheChangeWrites() async throws {
        try await withSteward { app, demo in
            try await SelfCheckFixture.reset(app)
            _ = try await SelfCheckFixture.insert(
                app, demo, "teacher", round: SelfCheckFixture.round(), contacted: true, help: true)
            let log = SQLLog()
            let reads = try await Self.partReads(app, log)
            // The parts do read: a check that cannot fail is no check.
            #expect(reads["concerns"]?.contains("cases") == true && reads["self-checks"]?.contains("cases") == true)
            #expect(reads["policies"]?.contains("policy_acknowledgements") == true)
            let actors = try await Actors(app, demo)
            app.logger = log.logger
            var exercised = Set<String>()
            for (change, make) in Self.changes(app, actors) {
                let before = try await Self.head(app)
                _ = log.take()
                try await make()
                let written = Self.tables(log.take(), written: true).subtracting(Self.auditTables)
                let actions = Set(try await Self.actions(after: before, app))
                #expect(!actions.isEmpty, "\(change) recorded nothing")
                // A change with any action not listed makes every part again: nothing to check.
                guard actions.allSatisfy({ HomeChanges.reach[$0] != nil }) else { continue }
                exercised.formUnion(actions)
                let reached = actions.reduce(into: Set<String>()) { $0.formUnion(HomeChanges.reach[$1] ?? []) }
                for (part, tables) in reads where !reached.contains(part) {
                    let shared = tables.intersection(written)
                    #expect(
                        shared.isEmpty,
                        "\(change) (\(actions.sorted())) writes \(shared.sorted()), which the \(part) part reads")
                }
            }
            // Every listed action was made by some change above, so none is listed unchecked.
            #expect(Set(HomeChanges.reach.keys).subtracting(exercised).isEmpty)
            // Every feature named is a feature.
            let names = Set(Features.all.map(\.name))
            #expect(HomeChanges.reach.values.allSatisfy { $0.isSubset(of: names) })
        }
    }

    @Test("After each change, every person's home page is the page made afresh")
    func keptPagesMatchFreshOnes() async throws {
        try await withSteward { app, demo in
            let actors = try await Actors(app, demo)
            let people = demo.accounts.accounts.filter { $0.email.hasSuffix("@stcleopas.example.org") }.map(\.email)
            var browsers: [(String, Browser)] = []
            for email in people + [demo.trustAdmin.email] {
                browsers.append((email, try await Browser.signedIn(app, as: email)))
            }
            for (_, browser) in browsers { _ = try await browser.get("/") }
            for (change, make) in Self.changes(app, actors) {
                try await make()
                var kept: [String: String] = [:]
                for (email, browser) in browsers { kept[email] = try await browser.get("/").body }
                app.steward.homes.forget()
                for (email, browser) in browsers {
                    let fresh = try await browser.get("/").body
                    #expect(kept[email] == fresh, "after \(change), \(email)'s home page differs from one made afresh")
                }
            }
        }
    }

    @Test("A change reaches only the parts its action lists, in its own school; any other reaches them all")
    func ledgerFollowsTheLog() async throws {
        try await withSteward { app, _ in
            let cleopas = try await app.schoolID("st-cleopas")
            let trinity = try await app.schoolID("holy-trinity")
            func record(_ action: String, _ school: UUID?) async throws -> Int64 {
                try await AuditLog.write(on: app.db, context: .command("test", app)) { _, audit in
                    if let school {
                        try await audit.append(action, schoolID: school)
                    } else {
                        try await audit.appendTrustWide(action)
                    }
                }
                return try await Self.head(app)
            }
            let changes = HomeChanges()
            #expect(changes.lastChange(of: "policies", in: cleopas) == nil)
            #expect(changes.lastChangeAnywhere == nil)
            let start = try await Self.head(app)
            // Nothing is known before the first stamp: everything counts as changed then.
            try await changes.catchUp(to: start, on: app.db)
            #expect(changes.lastChange(of: "policies", in: cleopas) == start)
            // A concern reported at St Cleopas: its concerns and self-checks parts, nothing else, nowhere else.
            let reported = try await record("case.reported", cleopas)
            try await changes.catchUp(to: reported, on: app.db)
            #expect(changes.lastChange(of: "concerns", in: cleopas) == reported)
            #expect(changes.lastChange(of: "self-checks", in: cleopas) == reported)
            #expect(changes.lastChange(of: "policies", in: cleopas) == start)
            #expect(changes.lastChange(of: "concerns", in: trinity) == start)
            #expect(changes.lastChangeAnywhere == reported)
            // Reading a case changes nothing anywhere.
            let read = try await record("case.opened", cleopas)
            try await changes.catchUp(to: read, on: app.db)
            #expect(changes.lastChange(of: "concerns", in: cleopas) == reported)
            #expect(changes.lastChangeAnywhere == reported)
            // A stamp behind what was read changes nothing.
            try await changes.catchUp(to: start, on: app.db)
            #expect(changes.lastChange(of: "concerns", in: cleopas) == reported)
            // A listed action of no school reaches its parts in every school.
            let everywhere = try await record("policy.acknowledged", nil)
            try await changes.catchUp(to: everywhere, on: app.db)
            #expect(changes.lastChange(of: "policies", in: trinity) == everywhere)
            #expect(changes.lastChange(of: "concerns", in: trinity) == start)
            // Any other action reaches every part of its school, and of every school when it has none.
            let other = try await record("person.updated", trinity)
            let unrelated = try await record("case.opened", cleopas)
            try await changes.catchUp(to: unrelated, on: app.db)
            #expect(changes.lastChange(of: "concerns", in: trinity) == other)
            #expect(changes.lastChange(of: "session", in: trinity) == other)
            #expect(changes.lastChange(of: "concerns", in: cleopas) == reported)
            let trustWide = try await record("records.purged", nil)
            try await changes.catchUp(to: trustWide, on: app.db)
            #expect(changes.lastChange(of: "session", in: cleopas) == trustWide)
            #expect(changes.lastChangeAnywhere == trustWide)
            // Several entries read at once each count.
            _ = try await record("case.reported", trinity)
            let second = try await record("policy.imported", cleopas)
            try await changes.catchUp(to: second, on: app.db)
            #expect(changes.lastChange(of: "concerns", in: trinity) == second - 1)
            #expect(changes.lastChange(of: "policies", in: cleopas) == second)
            #expect(changes.lastChange(of: "concerns", in: cleopas) == trustWide)
            // More entries than are read at once, or some not there to read: everything changed.
            let far = second + HomeChanges.readLimit + 1
            try await changes.catchUp(to: far, on: app.db)
            #expect(changes.lastChange(of: "concerns", in: trinity) == far)
            let missing = far + 5
            try await changes.catchUp(to: missing, on: app.db)
            #expect(changes.lastChange(of: "posts", in: cleopas) == missing)
        }
    }
}
