import DLEnvBench
import DLEnvCore
import DLEnvProbe
import DLEnvStore
import DLEnvWorkloads
import Foundation

/// The runs `verify` and `bench` store in the history database, under this host's identity.
public enum RunRecords {
    /// The host identity runs are stored under: the probe's identity facts of this machine (files only, so storing a
    /// run costs no probe). When the probe's full `HostFacts` are at hand, prefer `HostIdentity(facts:)` on them.
    public static func currentHost(root: String? = nil) -> HostIdentity {
        HostIdentity(facts: HostProbe(system: LiveSystem(root: root, loadsLibraries: false)).identityFacts())
    }

    /// A `dlenv verify` run: one result per workload (its core time, pass/fail).
    public static func record(_ run: VerifyRun, dlenvVersion: String) -> RunRecord {
        let environment = run.environment
        return RunRecord(
            kind: .verify, startedAt: run.startedAt, host: currentHost(), dlenvVersion: dlenvVersion,
            environment: RunEnvironment(
                python: environment.python, torch: environment.torch, cuda: environment.cuda,
                cudnn: environment.cudnn, device: environment.device ?? "cpu"),
            passed: run.passed,
            results: run.results.map {
                ResultRecord(name: "verify/\($0.id)", value: $0.seconds, unit: "s", passed: $0.passed)
            }
        )
    }

    /// A `dlenv bench` report: one result per benchmark figure, plus torch's figure as `torch/<name>` when the run
    /// measured torch. With `--rounds N` these are the best round per side; the per-round values (`values`,
    /// `torch_values`) live in the JSON report only. The torch build, quick/full and both thread counts go with the
    /// run: they key the history's series (`SeriesKey`).
    public static func record(_ report: BenchReport, startedAt: Date, dlenvVersion: String) -> RunRecord {
        var results: [ResultRecord] = []
        for r in report.results {
            results.append(ResultRecord(name: r.name, value: r.value, unit: r.unit))
            if let t = r.torchValue { results.append(ResultRecord(name: "torch/\(r.name)", value: t, unit: r.unit)) }
        }
        return RunRecord(
            kind: .bench, startedAt: startedAt, host: currentHost(), dlenvVersion: dlenvVersion,
            environment: RunEnvironment(
                python: report.torch?.python, torch: report.torch?.version, device: "cpu",
                blasThreads: report.blas.threads, torchThreads: report.torch?.threads),
            quick: report.quick, results: results)
    }
}
