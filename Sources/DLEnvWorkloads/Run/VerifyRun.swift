import DLEnvCore
import Foundation

/// One verification, as `dlenv verify` runs it: the workloads on the core and, with an interpreter, the same
/// workloads in the torch twin, compared figure by figure. `dlenv doctor` calls `quick()`. The CLI prints the run
/// and stores it.
public struct VerifyRun: Sendable {
    public struct Options: Sendable {
        public var workloads: [any Workload]
        /// The smaller sizes of `--quick`.
        public var quick: Bool
        /// The interpreter to run the twin in; nil: the core only.
        public var python: String?
        /// The twin's device: `cpu` or `cuda`.
        public var device: String
        /// Seconds the twin may run.
        public var timeout: Double

        public init(
            workloads: [any Workload] = Workloads.all, quick: Bool = false, python: String? = nil,
            device: String = "cpu", timeout: Double = 600
        ) {
            self.workloads = workloads
            self.quick = quick
            self.python = python
            self.device = device
            self.timeout = timeout
        }
    }

    public var results: [WorkloadResult]
    /// The twin's interpreter, torch and device; every field nil for a run on the core only.
    public var environment: TwinOutput.Environment
    public var startedAt: Date
    /// Seconds the core took for every workload.
    public var coreSeconds: Double

    public init(results: [WorkloadResult], environment: TwinOutput.Environment, startedAt: Date, coreSeconds: Double) {
        self.results = results
        self.environment = environment
        self.startedAt = startedAt
        self.coreSeconds = coreSeconds
    }

    public var passed: Bool { results.allSatisfy(\.passed) }

    /// Runs the workloads on the core and, with `python`, in the twin; a twin that cannot run is a `TwinError`
    /// (the environment could not be examined).
    public static func perform(_ options: Options) throws(TwinError) -> VerifyRun {
        let started = Date()
        let clock = DispatchTime.now().uptimeNanoseconds
        var results = Workloads.run(options.workloads, quick: options.quick)
        let coreSeconds = Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9
        var environment = TwinOutput.Environment()
        if let python = options.python {
            let twin = try TwinRunner.run(
                script: TwinScript.source(for: options.workloads),
                .init(
                    python: python, device: options.device, quick: options.quick,
                    workloads: options.workloads.map(\.id), timeout: options.timeout))
            results = Workloads.compare(results, with: twin)
            environment = twin.environment
        }
        return VerifyRun(results: results, environment: environment, startedAt: started, coreSeconds: coreSeconds)
    }

    /// The quick verification for `dlenv doctor`: every workload on the core, small sizes, no twin, not stored.
    /// Returns whether all passed, the core's seconds and one line per failing check ("id: check: detail").
    public static func quick() -> (passed: Bool, seconds: Double, failures: [String]) {
        // Without an interpreter nothing can fail to start.
        let run =
            (try? perform(Options(quick: true)))
            ?? VerifyRun(results: [], environment: .init(), startedAt: Date(), coreSeconds: 0)
        let failures = run.results.flatMap { r in
            r.checks.filter { !$0.passed }.map { "\(r.id): \($0.name): \($0.detail)" }
        }
        return (run.passed, run.coreSeconds, failures)
    }

    /// The `--json` document.
    public var json: VerifyJSON {
        VerifyJSON(
            workloads: results.map {
                VerifyJSON.Item(
                    id: $0.id, passed: $0.passed, summary: $0.summary, seconds: $0.seconds, figures: $0.figures,
                    checks: $0.checks, comparison: $0.comparison)
            }, environment: environment, passed: passed, coreSeconds: coreSeconds)
    }
}
