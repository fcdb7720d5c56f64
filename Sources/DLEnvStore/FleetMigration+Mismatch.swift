import GRDB

extension StoreMigration {
    /// A fleet result's own verdict on whether it is what its job claimed: `status` (passed, failed or mismatch;
    /// NULL in rows stored before, which read as passed or failed from `passed`) and `mismatches`, a JSON list of
    /// `{field, claimed, observed}`.
    public static let fleetV2Mismatch = StoreMigration("fleet-v2-mismatch") { db in
        try db.execute(
            sql: """
                ALTER TABLE fleet_result ADD COLUMN status TEXT;
                ALTER TABLE fleet_result ADD COLUMN mismatches TEXT NOT NULL DEFAULT '[]';
                """)
    }
}
