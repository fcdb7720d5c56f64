import DLEnvCore
import DLEnvStore
import DLEnvWorkloads
import Foundation

/// One verification: the core's results, the twin's environment and the comparisons. `dlenv doctor` calls
/// `VerifyRun.quick()` for its quick check.
struct VerifyRun {
    struct Options {
        var workloads: [any Workload] = Workloads.all
        var quick = false
        var python: String?
        var device = "cpu"
        var timeout: Double = 600
    }

    var results: [WorkloadResult]
    var environment: TwinOutput.Environment
    var startedAt: Date
    var coreSeconds: Double

    var passed: Bool { results.allSatisfy(\.passed) }

    /// Runs the workloads on the core and, with `python`, in the twin; throws `CLIFailure` (exit 3) when the twin
    /// cannot run.
    static func perform(_ options: Options) throws -> VerifyRun {
        let started = Date()
        let clock = DispatchTime.now().uptimeNanoseconds
        var results = Workloads.run(options.workloads, quick: options.quick)
        let coreSeconds = Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9
        var environment = TwinOutput.Environment(device: "cpu (dlenv core)")
        if let python = options.python {
            let twin: TwinOutput
            do throws(TwinError) {
                twin = try TwinRunner.run(
                    script: TwinScript.source(for: options.workloads),
                    .init(
                        python: python, device: options.device, quick: options.quick,
                        workloads: options.workloads.map(\.id), timeout: options.timeout))
            } catch {
                throw CLIFailure.environment(error.description, remedy: error.remedy)
            }
            results = Workloads.compare(results, with: twin)
            environment = twin.environment
        } else {
            environment = TwinOutput.Environment()
        }
        return VerifyRun(results: results, environment: environment, startedAt: started, coreSeconds: coreSeconds)
    }

    /// The quick verification for `dlenv doctor`: every workload on the core, small sizes, no twin, not stored.
    /// Returns whether all passed and one line per failing check.
    static func quick() -> (passed: Bool, seconds: Double, failures: [String]) {
        let run =
            (try? perform(Options(quick: true)))
            ?? VerifyRun(
                results: [], environment: .init(), startedAt: Date(), coreSeconds: 0)
        let failures = run.results.flatMap { r in
            r.checks.filter { !$0.passed }.map { "\(r.id): \($0.name): \($0.detail)" }
        }
        return (run.passed, run.coreSeconds, failures)
    }

    /// The `--json` document.
    var json: VerifyJSON {
        VerifyJSON(
            workloads: results.map {
                VerifyJSON.Item(
                    id: $0.id, passed: $0.passed, summary: $0.summary, seconds: $0.seconds, figures: $0.figures,
                    checks: $0.checks, comparison: $0.comparison)
            }, environment: environment, passed: passed, coreSeconds: coreSeconds)
    }

    /// The run as the store keeps it: one result per workload (its core time, pass/fail).
    func runRecord() -> RunRecord {
        RunRecord(
            kind: .verify, startedAt: startedAt, host: StoreHost.current(), dlenvVersion: DLEnvVersion.current,
            environment: RunEnvironment(
                python: environment.python, torch: environment.torch, cuda: environment.cuda,
                cudnn: environment.cudnn, device: environment.device ?? "cpu"),
            passed: passed,
            results: results.map {
                ResultRecord(name: "verify/\($0.id)", value: $0.seconds, unit: "s", passed: $0.passed)
            }
        )
    }
}

/// `dlenv verify --json`.
struct VerifyJSON: Encodable {
    struct Item: Encodable {
        var id: String
        var passed: Bool
        var summary: String
        var seconds: Double
        var figures: Figures
        var checks: [Check]
        var comparison: WorkloadComparison?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(passed, forKey: .passed)
            try c.encode(summary, forKey: .summary)
            try c.encode(seconds, forKey: .seconds)
            try c.encode(figures, forKey: .figures)
            try c.encode(checks, forKey: .checks)
            try c.encode(comparison, forKey: .comparison)
        }

        enum CodingKeys: String, CodingKey { case id, passed, summary, seconds, figures, checks, comparison }
    }

    var workloads: [Item]
    var environment: TwinOutput.Environment
    var passed: Bool
    var coreSeconds: Double

    enum CodingKeys: String, CodingKey {
        case workloads, environment, passed
        case coreSeconds = "core_seconds"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(workloads, forKey: .workloads)
        // Always all five keys, null where unknown.
        var env = c.nestedContainer(keyedBy: EnvKeys.self, forKey: .environment)
        try env.encode(environment.python, forKey: .python)
        try env.encode(environment.torch, forKey: .torch)
        try env.encode(environment.cuda, forKey: .cuda)
        try env.encode(environment.cudnn, forKey: .cudnn)
        try env.encode(environment.device, forKey: .device)
        try c.encode(passed, forKey: .passed)
        try c.encode(coreSeconds, forKey: .coreSeconds)
    }

    enum EnvKeys: String, CodingKey { case python, torch, cuda, cudnn, device }
}
