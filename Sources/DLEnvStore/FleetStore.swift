import Foundation
import GRDB

/// The fleet's results in the history database. Opening it applies every registered migration (through
/// `Store`), then fleet rows are written on a connection of its own: `Store` keeps its pool private, and
/// SQLite's WAL mode lets both connections work side by side.
public final class FleetStore: Sendable {
    public let store: Store
    private let queue: DatabaseQueue

    public init(path: String, busyTimeout: TimeInterval = 10) throws(StoreError) {
        store = try Store(path: path, busyTimeout: busyTimeout)
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.label = "dlenv.fleet"
        do {
            queue = try DatabaseQueue(path: store.path, configuration: config)
        } catch {
            throw .cannotOpen(path: path, detail: "\(error)")
        }
    }

    /// Stores a result; false (and nothing written) when a file with the same digest was stored before.
    @discardableResult
    public func insert(_ r: FleetResultRecord) throws(StoreError) -> Bool {
        do {
            return try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO fleet_result (digest, source, collected_at, job, shard, gpu, product, driver, image,
                            stack, passed, exit_status, failed_workloads, verify_json, probe_json, status, mismatches)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(digest) DO NOTHING
                        """,
                    arguments: [
                        r.digest, r.source, RunRecord.formatTime(r.collectedAt), r.job, r.shard, r.gpu, r.product,
                        r.driver, r.image, r.stack, r.passed, r.exitStatus, r.failedWorkloads.joined(separator: "\n"),
                        r.verifyJSON, r.probeJSON, r.status.rawValue, Self.encode(r.mismatches),
                    ])
                return db.changesCount > 0
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw .locked(path: store.path, seconds: store.busyTimeout)
        } catch {
            throw .cannotOpen(path: store.path, detail: "\(error)")
        }
    }

    /// Every stored result, by product, driver, stack, then collection order.
    public func results() throws(StoreError) -> [FleetResultRecord] {
        do {
            return try queue.read { db in try Self.fetchResults(db) }
        } catch {
            throw .cannotOpen(path: store.path, detail: "\(error)")
        }
    }

    /// The same, read through `Store.openForReading` (nothing created, migrated or switched to WAL): for
    /// `dlenv fleet report`, which only looks. Empty when there is no history yet or it holds no fleet results.
    public static func results(readingOnly path: String, busyTimeout: TimeInterval = 10)
        throws(StoreError) -> [FleetResultRecord]
    {
        guard let store = try Store.openForReading(path: path, busyTimeout: busyTimeout) else { return [] }
        return try store.read { db in
            guard try db.tableExists("fleet_result") else { return [] }
            return try fetchResults(db)
        }
    }

    /// Reads every row; columns a database from before `fleet-v2-mismatch` lacks read as nil.
    static func fetchResults(_ db: Database) throws -> [FleetResultRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM fleet_result ORDER BY product, driver, stack, collected_at, id")
            .map { row in
                let failed: String = row["failed_workloads"]
                let time: String = row["collected_at"]
                let status: String? = row["status"]
                return FleetResultRecord(
                    id: row["id"], digest: row["digest"], source: row["source"],
                    collectedAt: RunRecord.parseTime(time) ?? Date(timeIntervalSince1970: 0), job: row["job"],
                    shard: row["shard"], gpu: row["gpu"], product: row["product"], driver: row["driver"],
                    image: row["image"], stack: row["stack"], passed: row["passed"], exitStatus: row["exit_status"],
                    failedWorkloads: failed.isEmpty ? [] : failed.split(separator: "\n").map(String.init),
                    verifyJSON: row["verify_json"], probeJSON: row["probe_json"],
                    mismatches: Self.decodeMismatches(row["mismatches"], status: status),
                    gpuInMatrix: status != FleetResultRecord.Status.unknownGPU.rawValue)
            }
    }

    /// GPU × driver × stack combinations verified on real hardware, with whether the latest result passed:
    /// for `dlenv matrix` and `dlenv resolve` to mark combinations "verified on hardware". Mismatches (results
    /// that did not run on what their job claims) verify nothing and are left out.
    public func verifiedCombinations() throws(StoreError) -> [FleetVerifiedCombination] {
        Self.latest(
            try results().filter { $0.status.verifies }.map {
                ($0.gpu, $0.product, $0.driver, $0.stack, $0.passed, $0.collectedAt)
            })
    }

    /// The same, read through one read-only connection that neither creates nor migrates anything: `resolve` and
    /// `matrix` only look, and opening the store with its migrations would cost them more than the rest of their
    /// work. A database that never received fleet results has none.
    public static func verifiedCombinations(readingOnly path: String, busyTimeout: TimeInterval = 10)
        throws(StoreError) -> [FleetVerifiedCombination]
    {
        guard let store = try Store.openForReading(path: path, busyTimeout: busyTimeout) else { return [] }
        return try store.read { db -> [FleetVerifiedCombination] in
            guard try db.tableExists("fleet_result") else { return [] }
            // A database from before `fleet-v2-mismatch` has no status column (and no mismatches): nothing is
            // migrated here, this connection only reads.
            let hasStatus = try db.columns(in: "fleet_result").contains { $0.name == "status" }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT gpu, product, driver, stack, passed, collected_at FROM fleet_result
                    \(hasStatus ? "WHERE status IS NULL OR status NOT IN ('mismatch', 'unknown_gpu')" : "")
                    ORDER BY product, driver, stack, collected_at, id
                    """)
            return latest(
                rows.map { row in
                    let time: String = row["collected_at"]
                    return (
                        row["gpu"], row["product"], row["driver"], row["stack"], row["passed"],
                        RunRecord.parseTime(time) ?? Date(timeIntervalSince1970: 0)
                    )
                })
        }
    }

    static func encode(_ mismatches: [FleetMismatch]) -> String {
        let data = (try? JSONEncoder().encode(mismatches)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The stored list; a row marked mismatch whose list cannot be read still reads as a mismatch.
    static func decodeMismatches(_ text: String?, status: String?) -> [FleetMismatch] {
        let list = text.flatMap { try? JSONDecoder().decode([FleetMismatch].self, from: Data($0.utf8)) } ?? []
        if list.isEmpty && status == FleetResultRecord.Status.mismatch.rawValue {
            return [FleetMismatch(field: .gpu, claimed: "?", observed: "unreadable mismatch record")]
        }
        return list
    }

    /// The latest result of each product × driver × stack, in the order the combinations first appear.
    static func latest(
        _ results: [(gpu: String, product: String, driver: String, stack: String, passed: Bool, collected: Date)]
    ) -> [FleetVerifiedCombination] {
        var latest: [String: FleetVerifiedCombination] = [:]
        var order: [String] = []
        for r in results {
            let key = "\(r.product)|\(r.driver)|\(r.stack)"
            if latest[key] == nil { order.append(key) }
            latest[key] = FleetVerifiedCombination(
                gpu: r.gpu, product: r.product, driver: r.driver, stack: r.stack, passed: r.passed,
                lastCollected: r.collected)
        }
        return order.compactMap { latest[$0] }
    }
}

/// A combination verified on hardware and the outcome of its latest result.
public struct FleetVerifiedCombination: Sendable, Hashable {
    public var gpu: String
    public var product: String
    public var driver: String
    /// "torch 2.4.1+cu124 · python 3.11" (`FleetResultRecord.stackKey`).
    public var stack: String
    public var passed: Bool
    public var lastCollected: Date
}
