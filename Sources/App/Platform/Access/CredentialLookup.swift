// Who a session cookie or an API token belongs to, read in one query: the credential, its person, their schools and
// roles.

import Fluent
import FluentPostgresDriver
import NIOConcurrencyHelpers
import SQLKit
import StewardCore
import Vapor

/// A browser session (or an API token) with everything a signed-in request needs about its person, found by one
/// query (it was four: credential, person, roles, school). Nothing is cached between requests, so signing out,
/// revoking a token, deactivation and a change of roles count at once, on every instance.
struct CredentialLookup<Credential: LookedUpCredential> {
    let credential: Credential
    let person: Person
    /// The schools the query joined: the session's and the person's own.
    let schools: [UUID: School]
    let holdings: Set<ActorLoader.Holding>
    let trustSchools: Set<UUID>
    /// The audit log's head when the session was read (`Request.changeStamp`).
    let changeStamp: Int64?

    /// The actor, in the credential's school when it has one and the person may reach it, else their own.
    func actor() throws -> Actor {
        try ActorLoader.actor(
            person: person, currentSchoolID: credential.currentSchoolID, holdings: holdings,
            trustSchools: trustSchools)
    }

    /// The credential whose token hashes to `tokenHash`, or nil. One row per role the person holds (per school of
    /// the trust, for a role held across it), each repeating the credential, person and schools.
    static func find(tokenHash: String, on db: any Database) async throws -> Self? {
        let rows: [any SQLRow]
        if let postgres = db as? any PostgresDatabase {
            // Prepared once per connection: PostgreSQL spent about 0.5 ms planning this join afresh on every request
            // (more than executing it), and a prepared statement is planned once and then reused.
            rows = try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    var found: [any SQLRow] = []
                    let statement = PreparedCredentialLookup<Credential>(tokenHash: tokenHash)
                    for try await row in try await connection.execute(statement, logger: db.logger) {
                        found.append(row.sql())
                    }
                    return found
                }
            }.get()
        } else if let sql = db as? any SQLDatabase {
            // The hash is bound at the statement's end.
            rows = try await sql.raw("\(unsafeRaw: statement(tokenHash: ""))\(bind: tokenHash)").all()
        } else {
            throw Abort(.internalServerError)
        }
        guard let first = rows.first else { return nil }
        let credential = try decode(Credential.self, "s", from: first)
        let person = try decode(Person.self, "p", from: first)
        var schools: [UUID: School] = [:]
        let own = try decode(School.self, "ps", from: first)
        if let id = own.id { schools[id] = own }
        // The credential's school, unless it is the person's own (the usual case), gone or none.
        if let id = try first.decode(column: "cs_id", as: UUID?.self), schools[id] == nil {
            schools[id] = try decode(School.self, "cs", from: first)
        }
        var holdings = Set<ActorLoader.Holding>()
        var trustSchools = Set<UUID>()
        for row in rows {
            guard let raw = try row.decodeNil(column: "r_role") ? nil : row.decode(column: "r_role", as: String.self)
            else { continue }
            // A role this version does not know (written by a newer one) grants nothing here.
            guard let role = Role(rawValue: raw) else { continue }
            holdings.insert(.init(role: role, schoolID: try row.decode(column: "r_school_id", as: UUID?.self)))
            if let school = try row.decode(column: "t_id", as: UUID?.self) { trustSchools.insert(school) }
        }
        return Self(
            credential: credential, person: person, schools: schools, holdings: holdings, trustSchools: trustSchools,
            changeStamp: try first.decode(column: "audit_seq", as: Int64?.self))
    }

    /// The lookup's text, ending with `hashParameter` (PostgreSQL's `$1`; empty for SQLite, whose bind is appended).
    static func statement(tokenHash hashParameter: String) -> String {
        """
        SELECT \(selectList), "r"."role" AS "r_role", "r"."school_id" AS "r_school_id",
          "t"."id" AS "t_id", (SELECT "h"."seq" FROM "audit_head" "h" WHERE "h"."id" = 1) AS "audit_seq"
        FROM "\(Credential.schema)" "s"
        JOIN "people" "p" ON "p"."id" = "s"."person_id"
        JOIN "schools" "ps" ON "ps"."id" = "p"."school_id"
        LEFT JOIN "schools" "cs" ON "cs"."id" = \(currentSchoolColumn)
        LEFT JOIN "role_assignments" "r" ON "r"."person_id" = "p"."id"
        LEFT JOIN "schools" "t" ON "r"."school_id" IS NULL AND "r"."id" IS NOT NULL AND "t"."trust_id" = "p"."trust_id"
        WHERE "s"."token_hash" = \(hashParameter)
        """
    }

    private static func decode<M: Model>(_ type: M.Type, _ alias: String, from row: any SQLRow) throws -> M {
        let model = M()
        try model.output(from: SQLRowOutput(row: row, schema: alias))
        return model
    }

    /// Every column of the credential, the person and both schools, each named `alias_column`: made once per kind of
    /// credential.
    private static var selectList: String {
        let kind = ObjectIdentifier(Credential.self)
        if let made = selectLists.withLockedValue({ $0[kind] }) { return made }
        func columns<M: Model>(_ type: M.Type, _ alias: String) -> [String] {
            M.keys.map { #""\#(alias)"."\#($0.description)" AS "\#(alias)_\#($0.description)""# }
        }
        let made =
            (columns(Credential.self, "s") + columns(Person.self, "p") + columns(School.self, "ps")
            + columns(School.self, "cs")).joined(separator: ", ")
        selectLists.withLockedValue { $0[kind] = made }
        return made
    }

    /// The credential's school column, or a null when it has none (the person's own school is then current).
    private static var currentSchoolColumn: String {
        Credential.currentSchoolKey.map { #""s"."\#($0.description)""# } ?? "NULL"
    }
}

/// The credential lookup as a PostgreSQL prepared statement (PostgresNIO prepares it on each connection the first time
/// that connection runs it).
private struct PreparedCredentialLookup<Credential: LookedUpCredential>: PostgresPreparedStatement {
    typealias Row = PostgresRow
    static var name: String { "steward_lookup_\(Credential.schema)" }
    static var sql: String { CredentialLookup<Credential>.statement(tokenHash: "$1") }
    let tokenHash: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(tokenHash)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// The select lists made so far, by kind of credential.
private let selectLists = NIOLockedValueBox<[ObjectIdentifier: String]>([:])

/// A session cookie for pages.
typealias SessionLookup = CredentialLookup<BrowserSession>

extension CredentialLookup where Credential == BrowserSession {
    var session: BrowserSession { credential }
}
