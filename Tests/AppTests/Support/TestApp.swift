// Runs a test against the real application, built by the same `configure` as the server, on its own database.

import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

/// The demo data of the running test, with helpers to find people and accounts.
struct Demo: Sendable {
    let accounts: DemoAccounts

    func account(_ email: String) -> DemoAccounts.Account {
        guard let account = accounts.accounts.first(where: { $0.email == email }) else {
            Issue.record("No demo account \(email)")
            return accounts.accounts[0]
        }
        return account
    }

    /// The account at a school with a local part: `account("st-cleopas", "teacher")`.
    func account(_ school: String, _ local: String) -> DemoAccounts.Account {
        let domain =
            ["st-cleopas": "stcleopas", "holy-trinity": "holytrinity", "northfield": "northfield"][school] ?? school
        return account("\(local)@\(domain).example.org")
    }

    var trustAdmin: DemoAccounts.Account { account("trust.admin@emmaus.example.org") }
}

/// Runs `body` with a configured app over a fresh copy of the demo database.
func withSteward(
    trustedProxies: Set<String> = [], baseURL: String = "http://127.0.0.1:8080", mail: MailSetting? = nil,
    _ body: (Application, Demo) async throws -> Void
) async throws {
    let template = TestTemplate.shared
    let accounts = try await template.prepare()
    // On PostgreSQL, a bounded number of apps at once (see TestSlots); SQLite files have no such limit.
    let slots: TestSlots? = template.postgresURL == nil ? nil : TestSlots.postgres
    await slots?.acquire()
    defer { if let slots { Task { await slots.release() } } }
    let database = try await template.makeDatabase()
    let config = StewardConfig(
        dataDirectory: database.dataDirectory, databaseURL: database.databaseURL, baseURL: URL(string: baseURL)!,
        secretKey: template.secretKey, trustedProxies: trustedProxies, bcryptCost: 4, mail: mail)
    let app = try await Application.make(.testing)
    locateResources(app)
    // STEWARD_TEST_LOG=1 shows errors (a 500's cause, say); otherwise only what is critical.
    app.logger.logLevel = ProcessInfo.processInfo.environment["STEWARD_TEST_LOG"] == nil ? .critical : .error
    do {
        try await configure(app, config: config)
        try await app.autoMigrate().get()
        try await body(app, Demo(accounts: accounts))
    } catch {
        try? await app.asyncShutdown()
        await database.cleanup()
        throw error
    }
    try await app.asyncShutdown()
    await database.cleanup()
}

extension Application {
    var sql: any SQLDatabase {
        get throws {
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
            return sql
        }
    }

    /// Looks a person up by email, as the tests need ids.
    func personID(_ email: String) async throws -> UUID {
        struct Row: Decodable { var id: UUID }
        let rows = try await sql.select().column("id").from("people").where("email", .equal, email).all(
            decoding: Row.self)
        guard let id = rows.first?.id else { throw Abort(.notFound, reason: "no person \(email)") }
        return id
    }

    /// Drops the audit log's append-only triggers, as someone holding the database file can.
    func dropAuditTriggers() async throws {
        for statement in AuditTriggers.drop(dialect: try sql.dialect.name) {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    /// A plain concern reported by the St Cleopas teacher through the form; answers the case's id.
    func reportPlainConcern(_ demo: Demo, school: String = "st-cleopas") async throws -> UUID {
        let teacher = try await Browser.signedIn(self, as: demo.account(school, "teacher").email)
        let form = try await teacher.get("/concerns/new")
        let reply = try await teacher.postMultipart(
            "/concerns", csrf: form.csrf,
            fields: [("category", "other"), ("what_happened", "x"), ("platform", "Email"), ("involved", "unknown")])
        #expect(reply.status == .seeOther)
        guard let id = try await Case.query(on: db).sort(\.$createdAt, .descending).first()?.id else {
            throw Abort(.internalServerError, reason: "the concern was not created")
        }
        return id
    }

    /// A school's id from its slug.
    func schoolID(_ slug: String) async throws -> UUID {
        guard let id = try await School.query(on: db).filter(\.$slug == slug).first()?.id else {
            throw Abort(.notFound, reason: "no school \(slug)")
        }
        return id
    }

    func count(_ table: String, where column: String? = nil, _ value: String? = nil) async throws -> Int {
        struct Row: Decodable { var n: Int }
        var query = try sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
        if let column, let value { query = query.where(SQLIdentifier(column), .equal, SQLBind(value)) }
        return try await query.first(decoding: Row.self)?.n ?? 0
    }

    func auditActions() async throws -> [String] {
        struct Row: Decodable { var action: String }
        return try await sql.select().column("action").from("audit_entries").orderBy("seq").all(decoding: Row.self)
            .map(\.action)
    }
}

extension Browser {
    /// A browser already signed in as `email`, made by inserting a session as a completed sign-in would.
    ///
    /// Lets a test act as many people, many times, without spending one-time codes.
    static func signedIn(_ app: Application, as email: String, address: String = "192.0.2.10") async throws -> Browser {
        guard let person = try await Person.query(on: app.db).filter(\.$email == email).first() else {
            throw Abort(.notFound, reason: "no person \(email)")
        }
        let token = Secrets.token()
        let session = BrowserSession(
            tokenHash: Secrets.sha256(token), personID: try person.requireID(), schoolID: person.$school.id,
            stage: .signedIn, now: Date())
        session.secondFactorAt = Date()
        try await session.create(on: app.db)
        let browser = Browser(app, address: address)
        browser.cookies["steward_session"] = token
        return browser
    }
}

extension Application {
    /// An API token for `email`, made the way the command line makes one (cases only when asked).
    func apiToken(for email: String, scopes: Set<APIScope> = [.basic]) async throws -> String {
        guard let person = try await Person.query(on: db).filter(\.$email == email).first() else {
            throw Abort(.notFound)
        }
        return try await APITokens.create(
            for: person, name: "test", scopes: scopes, on: db, context: .command("test", self)
        ).0
    }
}

extension Application {
    /// Runs `body` while another audited change holds the turn to write (it appends `test.held`), and lets that
    /// change commit when `body` is done, whatever `body` did.
    func whileAChangeIsHeld<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        let (opened, isOpen) = AsyncStream<Void>.makeStream()
        let (finish, mayFinish) = AsyncStream<Void>.makeStream()
        let held = Task {
            try await AuditLog.write(on: db, context: .system("test", self)) { _, writer in
                try await writer.append("test.held")
                isOpen.yield()
                for await _ in finish { break }
            }
        }
        for await _ in opened { break }
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        mayFinish.yield()
        try await held.value
        return try result.get()
    }
}
