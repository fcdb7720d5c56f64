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
        #expect(throws: StoreError.locked(path: path, seconds: 0.2)) { try store.record(sampleRun(at: 5)) }
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

    @Test func runExportRoundTripsThroughJSON() throws {
        let run = sampleRun(kind: .verify)
        let data = try JSONEncoder().encode(run)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"started_at\":\"2026-"))
        let back = try JSONDecoder().decode(RunRecord.self, from: data)
        #expect(back.results == run.results)
        #expect(abs(back.startedAt.timeIntervalSince(run.startedAt)) < 0.001)
    }
}
