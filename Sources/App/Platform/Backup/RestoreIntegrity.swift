// The database's own integrity check after a restore: SQLite's integrity_check, PostgreSQL's amcheck.

import Fluent
import Foundation
import SQLKit
import Vapor

/// The database's own integrity check: SQLite's `integrity_check`; PostgreSQL's `amcheck` over every B-tree index
/// of Steward's schema, in a transaction that is rolled back (the extension is not left behind), when the server
/// has it and the role may use it.
enum RestoreIntegrity {
    struct Outcome: Sendable {
        var failure: String?
        var summary: String
    }

    /// Ends the transaction, carrying what it found.
    private struct RollBack: Error { var outcome: Outcome }

    static func check(app: Application) async throws -> Outcome {
        guard let sql = app.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        switch app.steward.config.databaseKind {
        case .sqlite:
            struct Row: Decodable { var integrity_check: String }
            let rows = try await sql.raw("PRAGMA integrity_check").all(decoding: Row.self).map(\.integrity_check)
            return rows == ["ok"]
                ? Outcome(failure: nil, summary: "integrity check passed")
                : Outcome(failure: "the integrity check found: " + rows.prefix(5).joined(separator: "; "), summary: "")
        case .postgres:
            let unavailable = Outcome(
                failure: nil, summary: "amcheck is not available here, so only the counts were checked")
            do {
                try await app.db.transaction { db in
                    guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
                    do {
                        try await sql.raw("CREATE EXTENSION IF NOT EXISTS amcheck").run()
                    } catch {
                        throw RollBack(outcome: unavailable)
                    }
                    struct Name: Decodable { var name: String }
                    let indexes = try await sql.raw(
                        """
                        SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                        JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE a.amname = 'btree' AND n.nspname = current_schema()
                        """
                    ).all(decoding: Name.self).map(\.name)
                    for index in indexes {
                        do {
                            try await sql.raw("SELECT bt_index_check(\(bind: index)::regclass, true)").run()
                        } catch {
                            throw RollBack(
                                outcome: Outcome(
                                    failure: "amcheck found index \(index) damaged: \(String(reflecting: error))",
                                    summary: ""))
                        }
                    }
                    throw RollBack(
                        outcome: Outcome(failure: nil, summary: "amcheck passed on \(indexes.count) indexes"))
                }
            } catch let rollBack as RollBack {
                return rollBack.outcome
            }
            return unavailable
        }
    }
}
