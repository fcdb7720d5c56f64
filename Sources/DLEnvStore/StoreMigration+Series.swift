import GRDB

extension StoreMigration {
    /// What else makes two benchmark figures comparable, beyond the host, dlenv's version and the torch build the
    /// `run` table already had: the quick sizes and the thread counts. Rows stored before keep NULL there, so
    /// they form series of their own instead of mixing with runs whose settings are known.
    public static let v2RunSeries = StoreMigration("v2-run-series") { db in
        try db.execute(
            sql: """
                ALTER TABLE run ADD COLUMN quick BOOLEAN;
                ALTER TABLE run ADD COLUMN blas_threads INTEGER;
                ALTER TABLE run ADD COLUMN torch_threads INTEGER;
                """)
    }
}
