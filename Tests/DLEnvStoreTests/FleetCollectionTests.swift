import DLEnvCore
import Foundation
import Testing

@testable import DLEnvStore

/// Attribution of collected files as values: the files are bytes in a dictionary, no disk.
@Suite struct FleetCollectionTests {
    static let job = "verify-a-tesla-t4-r470"
    static let planned = FleetPlannedJob(
        gpu: "Tesla T4", product: "Tesla-T4", driver: "470.82.01", image: "a", torch: "2.4.1", variant: "cu118",
        python: "3.11")

    static func collection(jobs: [String: FleetPlannedJob] = [job: planned], gpu: String? = nil, driver: String? = nil)
        -> FleetCollection
    {
        FleetCollection(
            jobs: jobs, gpu: gpu, driver: driver, canonicalGPU: { $0 == "T4" ? "Tesla T4" : $0 },
            productLabel: { "label:" + $0 })
    }

    /// Reads from `files`; a missing name is "no such file".
    static func reader(_ files: [String: Data]) -> (String) throws(DiagnosticsError) -> Data {
        { (name: String) throws(DiagnosticsError) -> Data in
            guard let data = files[name] else {
                throw DiagnosticsError(Diagnostic(.error, "no such file", at: SourceLocation(file: name)))
            }
            return data
        }
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aPlannedJobsResultTakesTheJobsGPUDriverAndStack() throws {
        let data = try FleetStoreTests.envelope(job: Self.job, shard: 1)
        let records = try Self.collection().records(
            files: ["r.json"], collectedAt: Self.now, read: Self.reader(["r.json": data]))
        let r = try #require(records.first)
        #expect(r.gpu == "Tesla T4" && r.product == "Tesla-T4" && r.driver == "470.82.01" && r.image == "a")
        #expect(r.stack == "torch 2.4.1+cu118 · python 3.11" && r.stack == Self.planned.stack)
        #expect(r.job == Self.job && r.shard == 1 && r.passed && r.status == .passed)
        #expect(r.digest == FleetResultRecord.digest(data) && r.collectedAt == Self.now && r.mismatches.isEmpty)
    }

    @Test func aCPURunUnderAGPUJobIsAMismatch() throws {
        let data = Data(
            """
            {"passed": true, "workloads": [{"id": "gemm", "passed": true}],
             "environment": {"python": "3.11.9", "torch": "2.4.1+cu118", "cuda": "11.8", "device": "cpu"}}
            """.utf8)
        let records = try Self.collection(gpu: "T4", driver: "470.82.01").records(
            files: ["v.json"], collectedAt: Self.now, read: Self.reader(["v.json": data]))
        let r = try #require(records.first)
        // No job and no probe: the fallback GPU (canonical), its product label, the stack from the environment.
        #expect(r.gpu == "Tesla T4" && r.product == "label:Tesla T4" && r.job == nil && r.image == nil)
        #expect(r.stack == "torch 2.4.1+cu118 · python 3.11")
        #expect(r.status == .mismatch)
        #expect(r.mismatches.map(\.field) == [.device])
    }

    @Test func everyProblemOfEveryFileInTheFilesOrderAndNothingElse() throws {
        let ok = try FleetStoreTests.envelope(job: Self.job)
        let noClaim = Data(#"{"passed": true, "workloads": [], "environment": {}}"#.utf8)
        let files = ["missing.json", "ok.json", "not-json.json", "no-claim.json"]
        let read = Self.reader(["ok.json": ok, "not-json.json": Data("{".utf8), "no-claim.json": noClaim])
        let error = #expect(throws: DiagnosticsError.self) {
            try Self.collection().records(files: files, collectedAt: Self.now, read: read)
        }
        let where_ = error?.diagnostics.map { $0.location?.file }
        #expect(where_ == ["missing.json", "not-json.json", "no-claim.json"])
        #expect(error?.diagnostics.last?.message == "cannot tell which GPU, driver or stack produced this result")
    }

    @Test func aPlannedJobIsANotRunRowUntilItsResultComes() {
        let row = Self.planned.planned
        #expect(row.gpu == "Tesla T4" && row.product == "Tesla-T4" && row.stack == Self.planned.stack)
        #expect(row.image == "a")
    }
}
