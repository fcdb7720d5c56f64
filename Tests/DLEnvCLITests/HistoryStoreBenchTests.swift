import DLEnvBench
import DLEnvService
import DLEnvStore
import Foundation
import Testing

@testable import DLEnvCLI

@Suite struct HistoryStoreBenchTests {
    func report(gflops: Double) -> BenchReport {
        BenchReport(
            results: [
                .init(
                    name: "sgemm_1024", value: gflops, unit: "GFLOP/s", peakFraction: 0.5, vsTorch: 0.9,
                    torchValue: gflops / 0.9),
                .init(name: "gelu_16m", value: 900, unit: "Melem/s", peakFraction: nil, vsTorch: nil, torchValue: nil),
            ],
            blas: .init(library: "libopenblas.so.0", core: "SkylakeX", threads: 2),
            cpu: BenchCommandTests.cpu,
            torch: .init(version: "2.13.0+cpu", threads: 2, python: "3.11.7"), notes: [])
    }

    @Test func benchReportsAreStoredWithTorchFiguresAndTrendInHistory() throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dlenv-bench-\(UUID().uuidString).sqlite"
        ).path
        let record = RunRecords.record(report(gflops: 200), startedAt: Date(), dlenvVersion: DLEnvVersion.current)
        #expect(record.kind == .bench)
        #expect(record.results.map(\.name) == ["sgemm_1024", "torch/sgemm_1024", "gelu_16m"])
        #expect(record.environment.torch == "2.13.0+cpu")
        // What keys the series: BLAS threads for dlenv's figures, torch's for torch's, and quick or full.
        #expect(record.environment.blasThreads == 2 && record.environment.torchThreads == 2)
        #expect(record.quick == false)
        var quick = report(gflops: 200)
        quick.quick = true
        quick.blas.threads = 1
        quick.torch?.threads = 4
        let q = RunRecords.record(quick, startedAt: Date(), dlenvVersion: DLEnvVersion.current)
        #expect(q.quick == true && q.environment.blasThreads == 1 && q.environment.torchThreads == 4)
        #expect(SeriesKey(run: q, figure: "sgemm_1024").threads == 1)
        #expect(SeriesKey(run: q, figure: "torch/sgemm_1024").threads == 4)
        #expect(SeriesKey(run: q, figure: "sgemm_1024") != SeriesKey(run: record, figure: "sgemm_1024"))
        let json = String(decoding: try JSONEncoder().encode(quick), as: UTF8.self)
        #expect(json.contains("\"quick\":true"))
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        for (i, g) in [200.0, 205, 198, 202, 201, 150].enumerated() {
            try StoreAccess.save(
                RunRecords.record(
                    report(gflops: g), startedAt: start.addingTimeInterval(Double(i) * 60),
                    dlenvVersion: DLEnvVersion.current), db: db)
        }
        let history = HostHistory.build(from: try Store(path: db).runs(kind: .bench))
        let sgemm = history[0].trends.first { $0.name == "sgemm_1024" }!
        #expect(sgemm.baselineMedian == 201)
        #expect(sgemm.regression)
        #expect(!history[0].trends.first { $0.name == "gelu_16m" }!.regression)
    }
}
