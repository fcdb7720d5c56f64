import Foundation
import GRDB

/// The history database: hosts, runs and their results, in SQLite (WAL mode, so readers never block the
/// writer) with named migrations. Several dlenv processes may write at once: each run is one IMMEDIATE
/// transaction (so it waits for the write lock instead of failing half-way), SQLite's busy timeout makes a
/// writer wait, and a writer that still finds the database busy retries a few times before reporting
/// `StoreError.locked`. A run is either stored whole or not at all, and the caller always learns which.
public final class Store: Sendable {
    /// The database file.
    public let path: String
    /// How long one statement waits for another process's lock.
    public let busyTimeout: TimeInterval
    /// Whether this store was opened by `Store.openForReading`: it reads and never writes.
    public var isReadOnly: Bool { pool == nil }
    private let reader: any DatabaseReader
    /// The writer's pool; nil for a store opened read-only.
    private let pool: DatabasePool?

    private init(path: String, busyTimeout: TimeInterval, reader: any DatabaseReader, pool: DatabasePool?) {
        self.path = path
        self.busyTimeout = busyTimeout
        self.reader = reader
        self.pool = pool
    }

    /// Opens (creating it and its folder if needed) and migrates the database at `path` (symbolic links are
    /// followed, a loop is refused). A SQLite file with tables of its own and no dlenv migrations is someone
    /// else's database and is refused (`StoreError.foreign`), never written into.
    /// - Parameters:
    ///   - busyTimeout: seconds a statement waits for another writer before SQLite gives up.
    ///   - migrations: the schema; tests may pass a longer list to simulate a newer dlenv.
    public init(
        path: String, busyTimeout: TimeInterval = 10, migrations: [StoreMigration] = StoreMigration.registered
    ) throws(StoreError) {
        let path = try StorePath.resolve(path)
        self.path = path
        self.busyTimeout = busyTimeout
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotOpen(path: path, detail: "cannot create \(folder): \(error.localizedDescription)")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw .cannotOpen(path: path, detail: "it is a folder")
        }
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        config.label = "dlenv.store"
        if FileManager.default.fileExists(atPath: path) {
            // Look before opening the pool: opening it switches the file to WAL mode, a change of its own.
            _ = try Self.openForReading(path: path, busyTimeout: busyTimeout)
        }
        do {
            let pool = try Self.retrying(path: path, busy: busyTimeout) {
                try DatabasePool(path: path, configuration: config)
            }
            try Self.migrate(pool, migrations: migrations, path: path, busy: busyTimeout)
            self.pool = pool
            self.reader = pool
        } catch {
            throw Self.mapped(error, path: path, busy: busyTimeout)
        }
    }

    /// Opens the database at `path` for reading only: nothing is created, migrated or switched to WAL, and a file
    /// that SQLite may not write (chmod 444) reads fine. Nil when there is no history yet (no file, or an empty
    /// one). A file that is not a dlenv history (`foreign`), one written by a newer dlenv (`newerSchema`) or not
    /// SQLite at all (`corrupt`) is reported, never changed; symbolic links are followed and loops refused.
    public static func openForReading(
        path: String, busyTimeout: TimeInterval = 10, migrations: [StoreMigration] = StoreMigration.registered
    ) throws(StoreError) -> Store? {
        let path = try StorePath.resolve(path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        if isFolder.boolValue { throw .cannotOpen(path: path, detail: "it is a folder") }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        config.label = "dlenv.store.read"
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            let tables = try queue.read { db in
                try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            }
            if tables.isEmpty { return nil }
            guard tables.contains("grdb_migrations") else {
                throw StoreError.foreign(path: path, tables: tables.sorted())
            }
            let applied = try queue.read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            }
            let unknown = Set(applied).subtracting(migrations.map(\.identifier))
            if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknown: unknown.sorted()) }
            return Store(path: path, busyTimeout: busyTimeout, reader: queue, pool: nil)
        } catch {
            throw Self.mapped(error, path: path, busy: busyTimeout)
        }
    }

    /// Stores a run and its results in one transaction (the host row is created on first sight) and returns the
    /// run's id. Throws rather than dropping anything.
    @discardableResult
    public func record(_ run: RunRecord) throws(StoreError) -> Int64 {
        guard let pool else { throw .cannotOpen(path: path, detail: "it was opened read-only") }
        do {
            return try Self.retrying(path: path, busy: busyTimeout) {
                try pool.writeWithoutTransaction { db in
                    var runID: Int64 = 0
                    try db.inTransaction(.immediate) {
                        runID = try Self.insert(run, in: db)
                        return .commit
                    }
                    return runID
                }
            }
        } catch {
            throw Self.mapped(error, path: path, busy: busyTimeout)
        }
    }

    /// Runs a read (a snapshot of the database: concurrent writers never show half a run).
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try reader.read(body)
        } catch {
            throw Self.mapped(error, path: path, busy: busyTimeout)
        }
    }

    /// The identifiers of the applied migrations, in order.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
    }

    private static func insert(_ run: RunRecord, in db: Database) throws -> Int64 {
        let host = run.host
        try db.execute(
            sql: """
                INSERT INTO host (fingerprint, cpu_model, gpus, driver, first_seen) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(fingerprint) DO NOTHING
                """,
            arguments: [
                host.fingerprint, host.cpuModel, host.gpus.joined(separator: "\n"), host.driver,
                RunRecord.formatTime(run.startedAt),
            ])
        guard
            let hostID = try Int64.fetchOne(
                db, sql: "SELECT id FROM host WHERE fingerprint = ?", arguments: [host.fingerprint])
        else { throw StoreError.cannotOpen(path: db.description, detail: "host row vanished") }
        let env = run.environment
        try db.execute(
            sql: """
                INSERT INTO run (host_id, kind, started_at, dlenv_version, python, torch, cuda, cudnn, device,
                    stack_json, passed, quick, blas_threads, torch_threads)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                hostID, run.kind.rawValue, RunRecord.formatTime(run.startedAt), run.dlenvVersion, env.python,
                env.torch, env.cuda, env.cudnn, env.device, run.stackJSON, run.passed, run.quick, env.blasThreads,
                env.torchThreads,
            ])
        let runID = db.lastInsertedRowID
        let statement = try db.cachedStatement(
            sql: "INSERT INTO result (run_id, name, value, unit, passed) VALUES (?, ?, ?, ?, ?)")
        for result in run.results {
            try statement.execute(arguments: [runID, result.name, result.value, result.unit, result.passed])
        }
        return runID
    }

    private static func migrate(_ pool: DatabasePool, migrations: [StoreMigration], path: String, busy: Double) throws {
        let migrator = StoreMigration.migrator(migrations)
        let known = Set(migrations.map(\.identifier))
        // Two processes creating the same new database both see "nothing applied" and race to migrate; the loser
        // fails on the winner's tables. Retrying re-reads what is applied, so it then finds nothing left to do.
        var attempt = 0
        while true {
            do {
                let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
                let unknown = applied.subtracting(known)
                if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknown: unknown.sorted()) }
                if try pool.read({ db in try migrator.hasCompletedMigrations(db) }) { return }
                try migrator.migrate(pool)
                return
            } catch let error as StoreError {
                throw error
            } catch {
                attempt += 1
                if attempt >= 5 || (StoreError.classify(error, path: path, busySeconds: busy).map(isCorrupt) ?? false) {
                    throw error
                }
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            }
        }
    }

    private static func isCorrupt(_ error: StoreError) -> Bool {
        if case .corrupt = error { return true }
        return false
    }

    /// Retries `body` when SQLite still reports the database busy after its own busy timeout (e.g. a WAL
    /// checkpoint or recovery by another process).
    private static func retrying<T>(path: String, busy: Double, _ body: () throws -> T) throws -> T {
        var attempt = 0
        let started = Date()
        while true {
            do {
                return try body()
            } catch let error as DatabaseError
                where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
            {
                attempt += 1
                // The message says how long dlenv really waited: each attempt waits up to the busy timeout.
                if attempt >= 3 {
                    let waited = (Date().timeIntervalSince(started) * 10).rounded() / 10
                    throw StoreError.locked(path: path, seconds: max(busy, waited))
                }
                Thread.sleep(forTimeInterval: 0.1 * Double(attempt))
            }
        }
    }

    private static func mapped(_ error: any Error, path: String, busy: Double) -> StoreError {
        StoreError.classify(error, path: path, busySeconds: busy)
            ?? .cannotOpen(path: path, detail: String(describing: error))
    }
}
