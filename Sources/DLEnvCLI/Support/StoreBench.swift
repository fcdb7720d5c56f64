import DLEnvBench
import DLEnvCore
import DLEnvStore
import Foundation

/// Stores a `dlenv bench` report in the history database. `BenchCommand` calls, after printing the report:
///
///     try StoreBench.save(report, startedAt: started, db: db)
///
/// (with a `--db` option and `started` taken before the benchmarks ran). A failure exits 3 and leaves the run in
/// a file `dlenv history --import` stores later, so no result is dropped.
enum StoreBench {
    /// The run as the store keeps it: one result per benchmark figure, plus torch's figure as `torch/<name>`
    /// when the run measured torch. With `--rounds N` these are the best round per side; the per-round values
    /// (`values`, `torch_values`) live in the JSON report only. The torch build, quick/full and both thread
    /// counts go with the run: they key the history's series (`SeriesKey`).
    static func runRecord(_ report: BenchReport, startedAt: Date) -> RunRecord {
        var results: [ResultRecord] = []
        for r in report.results {
            results.append(ResultRecord(name: r.name, value: r.value, unit: r.unit))
            if let t = r.torchValue { results.append(ResultRecord(name: "torch/\(r.name)", value: t, unit: r.unit)) }
        }
        return RunRecord(
            kind: .bench, startedAt: startedAt, host: StoreHost.current(), dlenvVersion: DLEnvVersion.current,
            environment: RunEnvironment(
                python: report.torch?.python, torch: report.torch?.version, device: "cpu",
                blasThreads: report.blas.threads, torchThreads: report.torch?.threads),
            quick: report.quick, results: results)
    }

    /// Stores the report (exit 3 with the saved file's name when the database cannot take it).
    static func save(_ report: BenchReport, startedAt: Date, db: String?) throws {
        try StoreAccess.save(runRecord(report, startedAt: startedAt), db: db)
    }
}
