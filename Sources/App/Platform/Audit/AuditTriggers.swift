// The statements that make `audit_entries` append-only, per SQL dialect.

import Fluent
import SQLKit
import StewardCore

/// The statements that make `audit_entries` append-only, per SQL dialect.
///
/// With `blanking` (from the records-purge migration on), one change is allowed: a purge taking the personal data
/// out of an entry it has first recorded in `audit_redactions` with the entry's hash, leaving every other field as
/// it was (`AuditRedaction`).
enum AuditTriggers {
    static func create(dialect: String, blanking: Bool = false) -> [String] {
        if dialect == "postgresql" {
            let allowed =
                blanking
                ? """
                IF TG_OP = 'UPDATE' AND NEW.seq = OLD.seq AND NEW.occurred_at = OLD.occurred_at
                AND NEW.school_id IS NOT DISTINCT FROM OLD.school_id AND NEW.action = OLD.action
                AND NEW.target IS NOT DISTINCT FROM OLD.target AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id
                AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash AND \(blankSQL)
                AND EXISTS (SELECT 1 FROM audit_redactions r WHERE r.seq = OLD.seq AND r.hash = OLD.hash)
                THEN RETURN NEW; END IF;
                """ : ""
            return [
                """
                CREATE OR REPLACE FUNCTION steward_audit_append_only() RETURNS trigger AS $$
                BEGIN \(allowed) RAISE EXCEPTION 'audit_entries is append-only'; END; $$ LANGUAGE plpgsql
                """,
                """
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
                FOR EACH ROW EXECUTE FUNCTION steward_audit_append_only()
                """,
            ]
        }
        let when =
            blanking
            ? """
            WHEN NOT (NEW.seq = OLD.seq AND NEW.occurred_at = OLD.occurred_at AND NEW.school_id IS OLD.school_id
            AND NEW.action = OLD.action AND NEW.target IS OLD.target AND NEW.request_id IS OLD.request_id
            AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash AND \(blankSQL)
            AND EXISTS (SELECT 1 FROM audit_redactions r WHERE r.seq = OLD.seq AND r.hash = OLD.hash))
            """ : ""
        return [
            """
            CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries \(when)
            BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END
            """,
            """
            CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
            BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END
            """,
        ]
    }

    /// The blank form (`AuditRecord.blanked`) as SQL over the new row.
    private static let blankSQL =
        "NEW.actor_id IS NULL AND NEW.actor_name IS NULL AND NEW.client_address IS NULL "
        + "AND NEW.details = '\(AuditRedaction.blankDetails)'"

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
