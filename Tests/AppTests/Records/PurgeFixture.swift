// Cases and dates for the purge's tests: concerns reported through the form, closed on a chosen day, and a search of
// the whole database for a planted string.

import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

enum PurgeFixture {
    /// A concern reported by St Cleopas's teacher through the form, with `text` as what happened and, when given, a
    /// subject; then evidence named `file` added by the headteacher (so the name is in the audit log) and a note.
    static func report(
        _ app: Application, _ demo: Demo, text: String, file: String, subject: UUID? = nil
    ) async throws -> UUID {
        let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
        let form = try await teacher.get("/concerns/new")
        var fields = [("category", "other"), ("what_happened", text), ("platform", "Email")]
        fields +=
            subject.map { [("involved", "colleague"), ("colleague", $0.uuidString)] } ?? [("involved", "unknown")]
        let reply = try await ConcernTests.report(teacher, fields, csrf: form.csrf)
        #expect(reply.status == .seeOther)
        let item = try #require(try await Case.query(on: app.db).filter(\.$whatHappened == text).first())
        let caseID = try item.requireID()
        if subject == nil {
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get(ConcernPaths.show(caseID))
            let added = try await head.postMultipart(
                ConcernPaths.evidence(caseID), csrf: page.csrf, files: [("evidence", file, ConcernTests.png)])
            #expect(added.status == .seeOther)
        }
        return caseID
    }

    /// Closes the case on `day` (noon UTC), with `outcome`, as its chronology records closing.
    static func close(
        _ app: Application, _ caseID: UUID, on day: CalendarDate, outcome: CaseOutcome? = nil
    )
        async throws
    {
        let item = try #require(try await Case.find(caseID, on: app.db))
        let at = date(day)
        item.state = .closed
        item.outcome = outcome
        item.lastEntryAt = at
        try await item.update(on: app.db)
        let entry = CaseEntry(caseID: caseID, kind: "state", text: "Closed.", authorID: nil, at: at)
        entry.stateFrom = .outcome
        entry.stateTo = .closed
        try await entry.create(on: app.db)
    }

    /// Noon UTC on `day`.
    static func date(_ day: CalendarDate) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12)) ?? Date()
    }

    /// The tables (and columns) of the database where `needle` still appears, read as text.
    static func tablesHolding(_ needle: String, in app: Application) async throws -> [String] {
        let sql = try app.sql
        struct Name: Decodable { var name: String }
        let postgres = sql.dialect.name == "postgresql"
        let tables =
            postgres
            ? try await sql.raw(
                "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
            ).all(decoding: Name.self)
            : try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all(decoding: Name.self)
        var found: [String] = []
        for table in tables.map(\.name) {
            let quoted = "\"\(table.replacingOccurrences(of: "\"", with: "\"\""))\""
            let rows =
                postgres
                ? try await sql.raw(SQLQueryString("SELECT t::text AS value FROM \(unsafeRaw: quoted) t")).all(
                    decoding: SQLiteText.self)
                : try await sqliteRows(sql, table: quoted)
            if rows.contains(where: { $0.value?.contains(needle) == true }) { found.append(table) }
        }
        return found
    }

    private static func sqliteRows(_ sql: any SQLDatabase, table: String) async throws -> [SQLiteText] {
        struct Column: Decodable { var name: String }
        let columns = try await sql.raw(SQLQueryString("PRAGMA table_info(\(unsafeRaw: table))")).all(
            decoding: Column.self)
        guard !columns.isEmpty else { return [] }
        let joined = columns.map { "COALESCE(CAST(\"\($0.name)\" AS TEXT), '')" }.joined(separator: " || '|' || ")
        return try await sql.raw(SQLQueryString("SELECT \(unsafeRaw: joined) AS value FROM \(unsafeRaw: table)"))
            .all(decoding: SQLiteText.self)
    }

    struct SQLiteText: Decodable { var value: String? }

    /// Whether `needle`'s bytes are anywhere in the SQLite files of `app` (the database and its write-ahead log).
    static func fileHolds(_ needle: String, in app: Application) -> Bool {
        let base = app.steward.config.sqliteFile.path
        let bytes = Array(needle.utf8)
        for path in [base, base + "-wal", base + "-journal"] {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            if data.range(of: Data(bytes)) != nil { return true }
        }
        return false
    }
}
