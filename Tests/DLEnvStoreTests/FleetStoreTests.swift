import DLEnvCore
import Foundation
import Testing

@testable import DLEnvStore

@Suite struct FleetStoreTests {
    static func temporaryDatabase() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dlenv-fleet-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("dlenv.sqlite").path
    }

    static func envelope(job: String = "verify-a-tesla-t4-r470", shard: Int = 0, passed: Bool = true) throws -> Data {
        let probe = HostFacts(
            gpus: [HostFacts.GPU(index: 0, name: "Tesla T4", computeCapability: "7.5")],
            driver: HostFacts.Driver(version: "470.82.01", cudaVersion: "11.4"), container: true)
        let probeJSON = String(decoding: try JSONEncoder().encode(probe), as: UTF8.self)
        let workload = #"{"id": "activations.relu", "passed": \#(passed)}"#
        return Data(
            """
            {"dlenv_fleet_result": 1, "job": "\(job)", "shard": \(shard), "exit_status": \(passed ? 0 : 1),
             "probe": \(probeJSON),
             "verify": {"passed": \(passed), "workloads": [\(workload)],
                        "environment": {"python": "3.11.9", "torch": "2.4.1+cu118", "cuda": "11.8", "device": "cuda"}}}
            """.utf8)
    }

    @Test func parsesTheEnvelopeWithItsProbeReport() throws {
        let parsed = try FleetResultParser.parse(try Self.envelope(passed: false), file: "r.json")
        #expect(parsed.job == "verify-a-tesla-t4-r470")
        #expect(parsed.shard == 0)
        #expect(parsed.exitStatus == 1)
        #expect(parsed.probe?.gpus.first?.name == "Tesla T4")
        #expect(parsed.probe?.driver?.version == "470.82.01")
        #expect(parsed.gpuName == "Tesla T4" && parsed.driverVersion == "470.82.01")
        #expect(!parsed.passed)
        #expect(parsed.failedWorkloads == ["activations.relu"])
        #expect(parsed.environment["torch"] == "2.4.1+cu118")
    }

    @Test func probeFromAnotherVersionStillNamesGPUAndDriver() throws {
        let text = """
            {"dlenv_fleet_result": 1, "job": "j", "shard": 0, "exit_status": 0,
             "probe": {"gpus": [{"index": 1, "name": "B"}, {"index": 0, "name": "NVIDIA L4"}], "driver": {"version": "550.54.15"}},
             "verify": {"passed": true, "workloads": []}}
            """
        let parsed = try FleetResultParser.parse(Data(text.utf8), file: "r.json")
        #expect(parsed.probe == nil)
        #expect(parsed.gpuName == "NVIDIA L4")
        #expect(parsed.driverVersion == "550.54.15")
        #expect(parsed.probeJSON?.contains("NVIDIA L4") == true)
    }

    @Test func bareVerifyReportAndMissingReport() throws {
        let bare = try FleetResultParser.parse(Data(#"{"passed": true, "workloads": []}"#.utf8), file: "v.json")
        #expect(bare.passed && bare.job == nil && bare.probe == nil)
        let crashed = try FleetResultParser.parse(
            Data(
                #"{"dlenv_fleet_result": 1, "job": "j", "shard": 0, "exit_status": 139, "probe": null, "verify": null}"#
                    .utf8),
            file: "c.json")
        #expect(!crashed.passed)
        #expect(crashed.failedWorkloads == ["(no verify report)"])
    }

    @Test(arguments: ["[]", "{\"passed\": \"yes\"}", "not json"])
    func rejectsWhatIsNotAResult(text: String) {
        #expect(throws: DiagnosticsError.self) { try FleetResultParser.parse(Data(text.utf8), file: "x.json") }
    }

    func record(_ data: Data, source: String, at seconds: Double, job: String? = "j", shard: Int = 0) throws
        -> FleetResultRecord
    {
        let p = try FleetResultParser.parse(data, file: source)
        return FleetResultRecord(
            digest: FleetResultRecord.digest(data), source: source, collectedAt: Date(timeIntervalSince1970: seconds),
            job: job, shard: shard, gpu: "Tesla T4", product: "Tesla-T4", driver: "470.82.01",
            stack: FleetResultRecord.stackKey(torch: "2.4.1", variant: "cu118", python: "3.11.9"), passed: p.passed,
            failedWorkloads: p.failedWorkloads, verifyJSON: p.verifyJSON, probeJSON: p.probeJSON)
    }

    @Test func storesOnceAndMigratesThroughTheRegisteredList() throws {
        let path = try Self.temporaryDatabase()
        let store = try FleetStore(path: path)
        #expect(try store.store.appliedMigrations().contains("fleet-v1-results"))
        let r = try record(try Self.envelope(), source: "a.json", at: 100)
        #expect(try store.insert(r))
        #expect(try !store.insert(r))
        let back = try store.results()
        #expect(back.count == 1)
        #expect(back[0].stack == "torch 2.4.1+cu118 · python 3.11")
        #expect(back[0].probeJSON?.contains("Tesla T4") == true)
        // A second process sees the same rows.
        #expect(try FleetStore(path: path).results().map(\.digest) == [r.digest])
    }

    @Test func reportFoldsShardsAndLetsARerunClearAFailure() throws {
        let failed = try record(try Self.envelope(passed: false), source: "1.json", at: 100, shard: 0)
        let otherShard = try record(try Self.envelope(shard: 1), source: "2.json", at: 101, shard: 1)
        let planned = [
            FleetReport.Planned(
                gpu: "Tesla T4", product: "Tesla-T4", driver: "470.82.01", stack: failed.stack, image: "img"),
            FleetReport.Planned(gpu: "NVIDIA L4", product: "NVIDIA-L4", driver: "550.54.15", stack: failed.stack),
        ]
        var rows = FleetReport.rows(results: [failed, otherShard], planned: planned)
        #expect(rows.map(\.status) == [.notRun, .failed])
        #expect(rows[1].failedWorkloads == ["activations.relu"])
        #expect(rows[1].results == 2)
        let rerun = try record(try Self.envelope(job: "again"), source: "3.json", at: 200, shard: 0)
        var fixed = rerun
        fixed.digest = "other"
        rows = FleetReport.rows(results: [failed, otherShard, fixed], planned: planned)
        #expect(rows[1].status == .passed)
        #expect(rows[1].results == 3)
        #expect(rows[1].image == "img")
    }

    @Test func verifiedCombinationsKeepTheLatestOutcome() throws {
        let store = try FleetStore(path: try Self.temporaryDatabase())
        try store.insert(try record(try Self.envelope(passed: false), source: "1.json", at: 100))
        try store.insert(try record(try Self.envelope(), source: "2.json", at: 200))
        let combos = try store.verifiedCombinations()
        #expect(combos.count == 1)
        #expect(combos[0].passed)
        #expect(combos[0].product == "Tesla-T4")
    }

    @Test func readOnlyLookupAgreesAndTouchesNothing() throws {
        let path = try Self.temporaryDatabase()
        let store = try FleetStore(path: path)
        try store.insert(try record(try Self.envelope(passed: false), source: "1.json", at: 100))
        try store.insert(try record(try Self.envelope(), source: "2.json", at: 200))
        #expect(try FleetStore.verifiedCombinations(readingOnly: path) == store.verifiedCombinations())

        // A history database that never received fleet results (verify and bench runs only) has no marks, and the
        // read-only lookup writes nothing into it.
        let plain = try Self.temporaryDatabase()
        _ = try Store(path: plain)
        let before = try Data(contentsOf: URL(fileURLWithPath: plain))
        let marks = try FleetStore.verifiedCombinations(readingOnly: plain)
        #expect(marks.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: plain)) == before)
    }
}
