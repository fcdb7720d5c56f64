import DLEnvCore
import Foundation
import GRDB
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

    /// The CPU run of torch 2.13.0+cpu (no GPU, no driver in its probe) sent under an H100 job's name.
    static let cpuRunUnderH100 = Data(
        """
        {"dlenv_fleet_result": 1, "job": "verify-torch2-4-1-cu124-py3-11-nvidia-h100-80gb-hbm3-r550", "shard": 0,
         "exit_status": 0, "probe": {"gpus": [], "driver": null},
         "verify": {"passed": true, "workloads": [{"id": "gemm", "passed": true}],
                    "environment": {"python": "3.11.9", "torch": "2.13.0+cpu", "cuda": null, "device": "cpu"}}}
        """.utf8)

    static let h100Claim = FleetClaim(
        gpu: "NVIDIA H100 80GB HBM3", driver: "550.54.15", torch: "2.4.1", variant: "cu124", python: "3.11",
        device: "cuda")

    @Test func aCPURunUnderAnH100JobContradictsItInEveryFactItReports() throws {
        let parsed = try FleetResultParser.parse(Self.cpuRunUnderH100, file: "cpu.json")
        let found = FleetAttribution.mismatches(claim: Self.h100Claim, observed: FleetObservation(parsed))
        #expect(
            found == [
                FleetMismatch(field: .gpu, claimed: "NVIDIA H100 80GB HBM3", observed: "none"),
                FleetMismatch(field: .driver, claimed: "550.54.15", observed: "none"),
                FleetMismatch(field: .torch, claimed: "2.4.1+cu124", observed: "2.13.0+cpu"),
                FleetMismatch(field: .device, claimed: "cuda", observed: "cpu"),
            ])
    }

    @Test func anHonestResultAgreesWithItsJob() {
        let observed = FleetObservation(
            gpus: ["NVIDIA H100 80GB HBM3"], driver: "550.54.15", torch: "2.4.1+cu124", cuda: "12.4",
            python: "3.11.9", device: "cuda: NVIDIA H100 80GB HBM3")
        #expect(FleetAttribution.mismatches(claim: Self.h100Claim, observed: observed).isEmpty)
        // A result that states nothing contradicts nothing (a crashed job: a failure, judged as such).
        let silent = FleetObservation(gpus: nil, driver: nil, torch: nil, cuda: nil, python: nil, device: nil)
        #expect(FleetAttribution.mismatches(claim: Self.h100Claim, observed: silent).isEmpty)
    }

    @Test(
        arguments: [
            ("2.4.1", "12.4", true),  // PyPI's wheels carry no local tag: torch's CUDA version decides
            ("2.4.1", "12.1", false), ("2.4.1", nil, false), ("2.4.1+cu124", "12.4", true),
            ("2.4.1+cu118", "11.8", false),
            ("2.4.0+cu124", "12.4", false), ("2.13.0+cpu", nil, false),
        ] as [(String, String?, Bool)])
    func torchBuildsAgreeOnVersionAndVariant(torch: String, cuda: String?, agrees: Bool) {
        let observed = FleetObservation(gpus: nil, driver: nil, torch: torch, cuda: cuda, python: nil, device: nil)
        let found = FleetAttribution.mismatches(claim: Self.h100Claim, observed: observed)
        #expect(found.isEmpty == agrees, "\(found)")
    }

    @Test func torchsOwnDeviceNameAndAnotherPythonAreChecked() {
        let observed = FleetObservation(
            gpus: ["NVIDIA H100 80GB HBM3"], driver: "550.54.15", torch: "2.4.1+cu124", cuda: "12.4",
            python: "3.10.14", device: "cuda: NVIDIA A100-SXM4-80GB")
        #expect(
            FleetAttribution.mismatches(claim: Self.h100Claim, observed: observed).map(\.field) == [.gpu, .python])
    }

    @Test func aMismatchIsStoredAsSuchAndVerifiesNothing() throws {
        let path = try Self.temporaryDatabase()
        let store = try FleetStore(path: path)
        #expect(try store.store.appliedMigrations().contains("fleet-v2-mismatch"))
        var honest = try record(try Self.envelope(), source: "ok.json", at: 100)
        var mismatch = try record(Self.cpuRunUnderH100, source: "cpu.json", at: 200, shard: 1)
        mismatch.mismatches = [FleetMismatch(field: .device, claimed: "cuda", observed: "cpu")]
        #expect(mismatch.status == .mismatch && mismatch.passed)
        try store.insert(mismatch)
        #expect(try store.verifiedCombinations().isEmpty)
        #expect(try FleetStore.verifiedCombinations(readingOnly: path).isEmpty)
        let back = try store.results()
        #expect(back.map(\.status) == [.mismatch])
        #expect(back[0].mismatches == mismatch.mismatches)
        // The report shows the mismatch; a genuine failure beside it wins, a genuine pass does not hide it.
        var rows = FleetReport.rows(results: back, planned: [])
        #expect(rows.map(\.status) == [.mismatch])
        #expect(rows[0].mismatches == mismatch.mismatches)
        honest.shard = 0
        try store.insert(honest)
        rows = FleetReport.rows(results: try store.results(), planned: [])
        #expect(rows.map(\.status) == [.mismatch])
        #expect(try store.verifiedCombinations().map(\.passed) == [true])
        var failed = try record(try Self.envelope(passed: false), source: "bad.json", at: 300, shard: 2)
        failed.digest = "failed"
        rows = FleetReport.rows(results: try store.results() + [failed], planned: [])
        #expect(rows.map(\.status) == [.failed])
    }

    /// A database with fleet results from before `fleet-v2-mismatch` (no status, no mismatches) is read as it was
    /// by the read-only lookup (which migrates nothing), and gains the columns when the store opens it.
    @Test func anOldFleetDatabaseStillReads() throws {
        let path = try Self.temporaryDatabase()
        _ = try Store(path: path, migrations: [.v1HostsRunsResults, .fleetV1])
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO fleet_result (digest, source, collected_at, job, shard, gpu, product, driver, image,
                        stack, passed, exit_status, failed_workloads, verify_json, probe_json)
                    VALUES ('d1', 'a.json', '2026-11-01T00:00:00.000Z', 'j', 0, 'Tesla T4', 'Tesla-T4', '470.82.01',
                        NULL, 'torch 2.4.1+cu118 · python 3.11', 1, 0, '', '{}', NULL)
                    """)
        }
        try queue.close()
        let combos = try FleetStore.verifiedCombinations(readingOnly: path)
        #expect(combos.map(\.passed) == [true])
        let store = try FleetStore(path: path)
        let back = try store.results()
        #expect(back.map(\.status) == [.passed])
        #expect(back[0].mismatches.isEmpty)
        #expect(try store.verifiedCombinations() == combos)
    }

    @Test(arguments: [
        ("../../etc/passwd", "looks like a path"), ("a/b", "looks like a path"), ("", "is empty"),
        ("Verify-X", "has characters other than"), ("job\u{1b}[2J", "has characters other than"),
        (String(repeating: "a", count: 64), "longer than 63"), ("-x", "starts or ends"),
    ])
    func jobNamesThatAreNotJobNamesAreRefused(name: String, problem: String) throws {
        let text = #"{"dlenv_fleet_result": 1, "job": "\#(name)", "probe": null, "verify": null}"#
            .replacingOccurrences(of: "\u{1b}", with: "\\u001b")
        #expect(FleetResultParser.jobNameProblem(name)?.contains(problem) == true)
        #expect {
            try FleetResultParser.parse(Data(text.utf8), file: "x.json")
        } throws: { error in
            "\(error)".contains(problem) && "\(error)".contains("x.json") && "\(error)".contains("never a path")
        }
    }

    @Test func plannedJobNamesAreJobNames() {
        for name in [
            "verify-torch2-4-1-cu124-py3-11-nvidia-h100-80gb-hbm3-r550",
            "verify-torch2-4-1-cu124-py3-11-nvidia-a100-sxm4-80gb-r535-a100",
        ] {
            #expect(FleetResultParser.jobNameProblem(name) == nil)
        }
    }

    @Test(arguments: [
        (#"{"dlenv_fleet_result": 1, "job": 5}"#, "'job' is 5, not a string"),
        (#"{"dlenv_fleet_result": 1, "shard": "x"}"#, "'shard' is 'x', not a whole number ≥ 0"),
        (#"{"dlenv_fleet_result": 1, "shard": -1}"#, "'shard' is -1"),
        (#"{"dlenv_fleet_result": 1, "exit_status": 1.5}"#, "'exit_status' is 1.5"),
        (#"{"dlenv_fleet_result": 2}"#, "'dlenv_fleet_result' is 2, not 1"),
        (#"{"dlenv_fleet_result": 1, "probe": [1]}"#, "'probe' is a list"),
        (#"{"dlenv_fleet_result": 1, "verify": "ok"}"#, "'verify' is 'ok'"),
        (#"{"dlenv_fleet_result": 1, "#, "not valid JSON"),
    ])
    func fieldsOfTheWrongTypeAreBadInput(text: String, message: String) {
        #expect {
            try FleetResultParser.parse(Data(text.utf8), file: "r.json")
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func aResultLargerThanTheLimitIsRefusedBeforeItIsParsed() {
        let data = Data(repeating: UInt8(ascii: " "), count: FleetResultParser.maxBytes + 1)
        #expect {
            try FleetResultParser.parse(data, file: "big.json")
        } throws: { error in
            "\(error)".contains("larger than any fleet result (at most 16.0 MiB)")
        }
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

    @Test func aStackKeyIsOfOneTorchReleaseOnly() {
        let key = FleetResultRecord.stackKey(torch: "2.4.1", variant: "cu118", python: "3.11.9")
        #expect(FleetResultRecord.isStackKey(key, ofTorch: "2.4.1"))
        #expect(FleetResultRecord.isStackKey("torch 2.4.1 · python 3.11", ofTorch: "2.4.1"))
        #expect(!FleetResultRecord.isStackKey(key, ofTorch: "2.4"))
        #expect(!FleetResultRecord.isStackKey("torch 2.4.10+cu118 · python 3.11", ofTorch: "2.4.1"))
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
