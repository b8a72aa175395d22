// The statements that make `audit_entries` append-only, per SQL dialect.

import Fluent
import SQLKit

/// The statements that make `audit_entries` append-only, per SQL dialect.
enum AuditTriggers {
    static func create(dialect: String) -> [String] {
        if dialect == "postgresql" {
            return [
                """
                CREATE OR REPLACE FUNCTION steward_audit_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END; $$ LANGUAGE plpgsql
                """,
                """
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
                FOR EACH ROW EXECUTE FUNCTION steward_audit_append_only()
                """,
            ]
        }
        return [
            """
            CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
            BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END
            """,
            """
            CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
            BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END
            """,
        ]
    }

    static func drop(dialect: String) -> [String] {
        if dialect == "postgresql" {
            return [
                "DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries",
                "DROP FUNCTION IF EXISTS steward_audit_append_only()",
            ]
        }
        return [
            "DROP TRIGGER IF EXISTS audit_entries_no_update", "DROP TRIGGER IF EXISTS audit_entries_no_delete",
        ]
    }
}
