import GRDB

extension StoreMigration {
    /// Hosts (one row per fingerprint), runs (a verify or bench invocation on a host, with the stack it saw) and
    /// results (one named figure of a run).
    public static let v1HostsRunsResults = StoreMigration("v1-hosts-runs-results") { db in
        try db.execute(
            sql: """
                CREATE TABLE host (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    fingerprint TEXT NOT NULL UNIQUE,
                    cpu_model TEXT,
                    gpus TEXT NOT NULL DEFAULT '',
                    driver TEXT,
                    first_seen TEXT NOT NULL
                );
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    host_id INTEGER NOT NULL REFERENCES host(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    dlenv_version TEXT NOT NULL,
                    python TEXT,
                    torch TEXT,
                    cuda TEXT,
                    cudnn TEXT,
                    device TEXT,
                    stack_json TEXT,
                    passed BOOLEAN
                );
                CREATE INDEX run_by_host_kind_time ON run(host_id, kind, started_at);
                CREATE TABLE result (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    value DOUBLE,
                    unit TEXT NOT NULL DEFAULT '',
                    passed BOOLEAN
                );
                CREATE INDEX result_by_run ON result(run_id);
                """)
    }
}
