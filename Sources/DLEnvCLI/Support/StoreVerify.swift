import DLEnvCore
import DLEnvStore
import DLEnvWorkloads

/// Stores a `dlenv verify` run in the history database: one result per workload (its core time, pass/fail),
/// under this host's identity. A failure exits 3 and leaves the run in a file `dlenv history --import` stores later.
enum StoreVerify {
    /// The run as the store keeps it.
    static func runRecord(_ run: VerifyRun) -> RunRecord {
        let environment = run.environment
        return RunRecord(
            kind: .verify, startedAt: run.startedAt, host: StoreHost.current(), dlenvVersion: DLEnvVersion.current,
            environment: RunEnvironment(
                python: environment.python, torch: environment.torch, cuda: environment.cuda,
                cudnn: environment.cudnn, device: environment.device ?? "cpu"),
            passed: run.passed,
            results: run.results.map {
                ResultRecord(name: "verify/\($0.id)", value: $0.seconds, unit: "s", passed: $0.passed)
            }
        )
    }

    static func save(_ run: VerifyRun, db: String?) throws {
        try StoreAccess.save(runRecord(run), db: db)
    }
}
