// The "governors informed" step of a case names the governors' report that told them (policy 5.4, issue 16 item 5).

import Fluent

/// Adds `case_entries.report_id`: the published governors' report a "governors informed" step names, or nil. No
/// foreign key (SQLite cannot add one to a table that exists); the step's form accepts only a published report of
/// the case's own school.
struct AddCaseEntryReport: AsyncMigration {
    var name: String { "2026-12-01-case-entry-report" }

    func prepare(on database: any Database) async throws {
        try await database.schema("case_entries").field("report_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("case_entries").deleteField("report_id").update()
    }
}
