import DLEnvCore
import Foundation
import Testing

@testable import DLEnvStore

/// The `--json` documents of `history`, `fleet collect` and `fleet report`, and the run export, as values.
@Suite struct StoreDocumentTests {
    func object(_ value: some Encodable) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
    }

    @Test func theHistoryListsEachRegressedFigureOnce() throws {
        let runs = (0..<7).map { i in benchRun(at: Double(i) * 60, ["sgemm": i == 6 ? 70 : 100, "relu": 50]) }
        let document = HistoryDocument(database: "db", hosts: HostHistory.build(from: runs))
        #expect(document.regressions == ["\(HostIdentity.sample.fingerprint)/sgemm"])
        #expect(Set(try object(document).keys) == ["database", "rule", "hosts", "regressions"])
        #expect(HistoryDocument(database: "db", hosts: []).regressions.isEmpty)
    }

    @Test func anExportIsAListOfRunsAndOneRunReadsToo() throws {
        let run = sampleRun(kind: .verify)
        let data = try RunRecord.export([run])
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("[\n"))
        #expect(try RunRecord.decodeExport(data, path: "x.json").map(\.results) == [run.results])
        let one = try JSONEncoder().encode(run)
        #expect(try RunRecord.decodeExport(one, path: "x.json").count == 1)
        let error = #expect(throws: StoreError.self) { try RunRecord.decodeExport(Data("{}".utf8), path: "y.json") }
        guard case .badImport(let path, _)? = error else {
            Issue.record("not a bad import: \(String(describing: error))")
            return
        }
        #expect(path == "y.json")
    }

    static func record(_ status: FleetResultRecord.Status) -> FleetResultRecord {
        FleetResultRecord(
            digest: "d\(status)", source: "\(status).json", collectedAt: Date(timeIntervalSince1970: 0), job: nil,
            gpu: "Tesla T4", product: "Tesla-T4", driver: "470.82.01", stack: "torch 2.4.1+cu118 · python 3.11",
            passed: status != .failed, verifyJSON: "{}",
            mismatches: status == .mismatch ? [FleetMismatch(field: .device, claimed: "cuda", observed: "cpu")] : [])
    }

    @Test func theCollectDocumentHasEveryKeyNullWhereUnknown() throws {
        let document = FleetCollectDocument(database: "db", stored: 1, records: [Self.record(.mismatch)])
        let json = try object(document)
        #expect(Set(json.keys) == ["database", "stored", "results"])
        let item = try #require((json["results"] as? [[String: Any]])?.first)
        #expect(
            Set(item.keys) == [
                "source", "job", "shard", "status", "gpu", "product", "driver", "stack", "failed_workloads",
                "mismatches",
            ])
        #expect(item["job"] is NSNull && item["status"] as? String == "mismatch")
    }

    @Test func theReportDocumentCountsEveryStatus() throws {
        let rows = FleetReport.rows(
            results: [Self.record(.passed)],
            planned: [FleetReport.Planned(gpu: "Tesla K80", product: "Tesla-K80", driver: "470.82.01", stack: "s")])
        let document = FleetReportDocument(rows: rows)
        #expect(document.summary == ["passed": 1, "failed": 0, "mismatch": 0, "not_run": 1])
        #expect(Set(try object(document).keys) == ["rows", "summary"])
    }
}
