import DLEnvCore
import Foundation
import GRDB
import Testing

@testable import DLEnvStore

/// A fresh database path in a temporary folder (the folder does not exist yet: the store creates it).
func temporaryDatabase() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-store-\(UUID().uuidString)")
        .appendingPathComponent("nested/dlenv.sqlite").path
}

func sampleRun(
    kind: RunRecord.Kind = .bench, at seconds: Double = 0, host: HostIdentity = .sample, value: Double = 100,
    results: Int = 3
) -> RunRecord {
    RunRecord(
        kind: kind, startedAt: Date(timeIntervalSince1970: 1_790_000_000 + seconds), host: host, dlenvVersion: "0.1.0",
        environment: RunEnvironment(python: "3.11.2", torch: "2.13.0+cpu", device: "cpu"),
        passed: kind == .verify ? true : nil,
        results: (0..<results).map { ResultRecord(name: "sgemm_\(256 << $0)", value: value, unit: "GFLOP/s") })
}

extension HostIdentity {
    static let sample = HostIdentity(
        facts: HostFacts(
            gpus: [.init(index: 0, name: "NVIDIA H100 80GB HBM3", computeCapability: "9.0", uuid: "GPU-1234")],
            driver: .init(version: "550.54.15"), cpu: .init(model: "Intel(R) Xeon(R) Platinum 8481C", cores: 2)))
}

@Suite struct StoreTests {
    @Test func storesAndReadsBackARunWithItsHostAndResults() throws {
        let store = try Store(path: temporaryDatabase())
        let run = sampleRun()
        let id = try store.record(run)
        let back = try store.runs()
        #expect(back.count == 1)
        #expect(back[0].id == id)
        #expect(back[0].host == run.host)
        #expect(back[0].results == run.results)
        #expect(back[0].environment == run.environment)
        #expect(abs(back[0].startedAt.timeIntervalSince(run.startedAt)) < 0.001)
    }

    @Test func oneHostRowPerFingerprint() throws {
        let store = try Store(path: temporaryDatabase())
        let other = HostIdentity(facts: HostFacts(cpu: .init(model: "AMD EPYC 9654", cores: 2)))
        try store.record(sampleRun(at: 0))
        try store.record(sampleRun(at: 1))
        try store.record(sampleRun(at: 2, host: other))
        let counts = try store.counts()
        #expect(counts.hosts == 2)
        #expect(counts.runs == 3)
        #expect(counts.results == 9)
        #expect(try store.runs(hostFingerprint: other.fingerprint).count == 1)
        #expect(try store.runs(kind: .verify).isEmpty)
    }

    @Test func fingerprintFollowsGPUAndDriverButNotGPUOrder() {
        let a = HostFacts(
            gpus: [.init(index: 0, name: "A", uuid: "GPU-a"), .init(index: 1, name: "B", uuid: "GPU-b")],
            driver: .init(version: "550.54.15"))
        var b = a
        b.gpus.reverse()
        var c = a
        c.driver = .init(version: "555.42.02")
        #expect(HostIdentity(facts: a).fingerprint == HostIdentity(facts: b).fingerprint)
        #expect(HostIdentity(facts: a).fingerprint != HostIdentity(facts: c).fingerprint)
        #expect(HostIdentity(facts: a).fingerprint.count == 16)
    }

    @Test func reopeningKeepsDataAndAppliesEachMigrationOnce() throws {
        let path = temporaryDatabase()
        try Store(path: path).record(sampleRun())
        let store = try Store(path: path)
        #expect(try store.counts().runs == 1)
        #expect(try store.appliedMigrations() == StoreMigration.registered.map(\.identifier))
    }

    @Test func aLaterMigrationAppendedToTheListIsApplied() throws {
        let path = temporaryDatabase()
        try Store(path: path).record(sampleRun())
        let extra = StoreMigration("test-extra-table") { db in try db.execute(sql: "CREATE TABLE extra (x INTEGER)") }
        let store = try Store(path: path, migrations: StoreMigration.registered + [extra])
        #expect(try store.appliedMigrations().last == "test-extra-table")
        #expect(try store.counts().runs == 1)
        // An older dlenv (without that migration) refuses rather than writing into a schema it does not know.
        #expect(throws: StoreError.newerSchema(path: path, unknown: ["test-extra-table"])) {
            try Store(path: path)
        }
    }

    @Test func aFileThatIsNotADatabaseIsReportedAsCorrupt() throws {
        let path = temporaryDatabase()
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
        do {
            _ = try Store(path: path)
            Issue.record("opened a corrupt file")
        } catch {
            guard case .corrupt(let p, _) = error else {
                Issue.record("expected .corrupt, got \(error)")
                return
            }
            #expect(p == path)
            #expect(error.remedy.contains("mv \(path)"))
        }
    }

    @Test func aFolderInPlaceOfTheFileCannotBeOpened() throws {
        let path = temporaryDatabase()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        #expect(throws: StoreError.self) { try Store(path: path) }
    }

    @Test func aWriterLockHeldTooLongIsReportedAsLockedAndNothingIsHalfWritten() throws {
        let path = temporaryDatabase()
        let store = try Store(path: path, busyTimeout: 0.2)
        try store.record(sampleRun())
        // Another connection takes the write lock and keeps it.
        var config = Configuration()
        config.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: path, configuration: config)
        try other.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        // The message names the true wait: three attempts of the 0.2 s busy timeout and the pauses between them.
        do {
            try store.record(sampleRun(at: 5))
            Issue.record("a locked database was written")
        } catch StoreError.locked(let lockedPath, let seconds) {
            #expect(lockedPath == path)
            #expect(seconds >= 0.6 && seconds < 5, "waited \(seconds) s")
        }
        try other.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        #expect(try store.counts() == (runs: 1, results: 3, hosts: 1))
        try store.record(sampleRun(at: 6))
        #expect(try store.counts().runs == 2)
    }

    @Test func concurrentWritersInOneProcessLoseNoRow() async throws {
        let store = try Store(path: temporaryDatabase())
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<8 {
                group.addTask {
                    for j in 0..<10 { _ = try? store.record(sampleRun(at: Double(i * 100 + j))) }
                }
            }
        }
        #expect(try store.counts() == (runs: 80, results: 240, hosts: 1))
    }

    /// A database written before `v2-run-series` (no quick, blas_threads, torch_threads columns) opens, gains the
    /// columns, keeps its runs, and those runs form series of their own next to the runs stored after.
    @Test func anOldDatabaseWithoutTheNewColumnsStillOpens() throws {
        let path = temporaryDatabase()
        _ = try Store(path: path, migrations: [.v1HostsRunsResults, .fleetV1])
        // What the dlenv before this schema wrote, statement for statement.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO host (fingerprint, cpu_model, gpus, driver, first_seen) VALUES (?, ?, '', NULL, ?)",
                arguments: [HostIdentity.sample.fingerprint, "Old CPU", "2025-11-01T00:00:00.000Z"])
            for i in 0..<4 {
                try db.execute(
                    sql: """
                        INSERT INTO run (host_id, kind, started_at, dlenv_version, python, torch, cuda, cudnn, device,
                            stack_json, passed) VALUES (1, 'bench', ?, '0.1.0', '3.11.2', '2.13.0+cpu', NULL, NULL, 'cpu',
                            NULL, NULL)
                        """,
                    arguments: ["2025-11-01T00:0\(i):00.000Z"])
                try db.execute(
                    sql:
                        "INSERT INTO result (run_id, name, value, unit, passed) VALUES (?, 'sgemm_256', 300, 'GFLOP/s', NULL)",
                    arguments: [db.lastInsertedRowID])
            }
        }
        try queue.close()
        let store = try Store(path: path)
        #expect(try store.appliedMigrations() == StoreMigration.registered.map(\.identifier))
        let old = try store.runs()
        #expect(old.count == 4)
        #expect(old.allSatisfy { $0.quick == nil && $0.environment.blasThreads == nil })
        for i in 0..<4 { try store.record(benchRun(at: Double(i), ["sgemm_256": 100])) }
        let back = try store.runs()
        #expect(back.last?.quick == false)
        #expect(back.last?.environment.blasThreads == 2)
        let trends = HostHistory.build(from: back)[0].trends
        // The new runs are three times slower than the old ones, yet nothing regresses: they are another series.
        #expect(trends.count == 2)
        #expect(trends.map(\.points.count) == [4, 4])
        #expect(trends.allSatisfy { !$0.regression })
    }

    @Test func runExportRoundTripsThroughJSON() throws {
        let run = sampleRun(kind: .verify)
        let data = try JSONEncoder().encode(run)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"started_at\":\"2026-"))
        let back = try JSONDecoder().decode(RunRecord.self, from: data)
        #expect(back.results == run.results)
        // An export written before `quick` and the thread counts existed still reads, with them unknown.
        let bench = benchRun(at: 0, ["x": 1])
        var object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(bench)) as! [String: Any]
        #expect(object["quick"] as? Bool == false)
        var environment = object["environment"] as! [String: Any]
        #expect(environment["blas_threads"] as? Int == 2)
        object["quick"] = nil
        environment["blas_threads"] = nil
        object["environment"] = environment
        let older = try JSONSerialization.data(withJSONObject: object)
        let read = try JSONDecoder().decode(RunRecord.self, from: older)
        #expect(read.quick == nil && read.environment.blasThreads == nil)
        #expect(read.environment.torchThreads == 2)
        #expect(abs(back.startedAt.timeIntervalSince(run.startedAt)) < 0.001)
    }
}
