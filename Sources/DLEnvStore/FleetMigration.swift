import GRDB

extension StoreMigration {
    /// Results of fleet verification jobs (`dlenv fleet collect`): one row per collected file, keyed by the
    /// file's content hash so collecting the same file twice stores it once.
    public static let fleetV1 = StoreMigration("fleet-v1-results") { db in
        try db.execute(
            sql: """
                CREATE TABLE fleet_result (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    digest TEXT NOT NULL UNIQUE,
                    source TEXT NOT NULL,
                    collected_at TEXT NOT NULL,
                    job TEXT,
                    shard INTEGER,
                    gpu TEXT NOT NULL,
                    product TEXT NOT NULL,
                    driver TEXT NOT NULL,
                    image TEXT,
                    stack TEXT NOT NULL,
                    passed BOOLEAN NOT NULL,
                    exit_status INTEGER,
                    failed_workloads TEXT NOT NULL DEFAULT '',
                    verify_json TEXT NOT NULL,
                    probe_json TEXT
                );
                CREATE INDEX fleet_result_by_combination ON fleet_result(product, driver, stack, collected_at);
                """)
    }
}
