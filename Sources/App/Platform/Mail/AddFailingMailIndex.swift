// Mail that could not be delivered, found without reading the mail that was.

import Fluent
import SQLKit

/// An index of the messages whose last attempt failed (delivery clears `last_error`), by school: the home page of
/// whoever looks after the mail asks on every visit whether any is failing, and the school index it used before
/// read every message the school had sent and not yet purged to answer "none". Partial, so it holds only the few
/// failing, on both engines.
struct AddFailingMailIndex: AsyncMigration {
    var name: String { "2026-12-04-failing-mail-index" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw(
            "CREATE INDEX outbox_failing_idx ON outbox_messages (school_id) WHERE last_error IS NOT NULL"
        ).run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX outbox_failing_idx").run()
    }
}
