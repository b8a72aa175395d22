// The triggers that keep a case's chronology and evidence, and acknowledgements, as written: from the records-purge
// migration on, a deletion is allowed when the purge has given leave for its record (`PurgePermit`), and nothing
// else is.

/// The statements that keep rows as written, with or without the purge's leave to delete.
enum KeptTables {
    /// Each kept table, the column naming the record the purge gives leave for, and the message a refusal gives.
    static let tables: [(table: String, record: String, message: String)] = [
        ("case_entries", "case_id", "case_entries is append-only"),
        ("case_evidence", "case_id", "case_evidence is append-only"),
        ("policy_acknowledgements", "id", "acknowledgements are kept as written"),
    ]

    /// The triggers as they were before the purge (`permitted` false), or allowing its deletions (`permitted`).
    static func create(postgres: Bool, permitted: Bool) -> [String] {
        tables.flatMap { kept -> [String] in
            let (table, record, message) = kept
            let leave = "EXISTS (SELECT 1 FROM purge_permits p WHERE p.record_id = OLD.\(record))"
            if postgres {
                let function =
                    table == "policy_acknowledgements" ? "steward_acknowledgement_kept" : "steward_\(table)_kept"
                let allow = permitted ? "IF TG_OP = 'DELETE' AND \(leave) THEN RETURN OLD; END IF;" : ""
                return [
                    """
                    CREATE OR REPLACE FUNCTION \(function)() RETURNS trigger AS $$
                    BEGIN \(allow) RAISE EXCEPTION '\(message)'; END; $$ LANGUAGE plpgsql
                    """
                ]
            }
            let name = "\(table)_no_delete"
            let when = permitted ? "WHEN NOT \(leave)" : ""
            return [
                "DROP TRIGGER IF EXISTS \(name)",
                "CREATE TRIGGER \(name) BEFORE DELETE ON \(table) \(when) BEGIN SELECT RAISE(ABORT, '\(message)'); END",
            ]
        }
    }
}
