import DLEnvStore
import Foundation

/// One environment the user's stored runs saw: a host with one interpreter, torch build, CUDA and device, with
/// what its runs concluded (the latest verification, the benchmark series' verdicts). The head of the report:
/// the user's own machines and software before anything else.
public struct ReportEnvironment: Sendable, Hashable {
    /// A verification run's outcome: when, whether it passed, and the workloads that failed.
    public struct Verification: Sendable, Hashable {
        public var time: Date
        public var passed: Bool?
        public var failed: [String]
    }

    public var host: HostIdentity
    public var python: String?
    public var torch: String?
    public var cuda: String?
    public var device: String?
    public var verifyRuns: Int
    public var benchRuns: Int
    public var firstRun: Date
    public var lastRun: Date
    /// The newest verification run in this environment.
    public var latestVerify: Verification?
    /// The benchmark trends measured in this environment (one per figure and series).
    public var trends: [MetricTrend]

    /// The figures whose latest value regressed in their series (dlenv's and torch's, `torch/…`).
    public var regressions: [String] { trends.filter(\.regression).map(\.name) }

    /// How many trends had enough runs before the latest to be judged.
    public var judged: Int { trends.filter { $0.verdict == .ok || $0.verdict == .regression }.count }

    /// The environments of `runs` (any order): `current`'s first, then the most recently used first.
    public static func build(from runs: [RunRecord], histories: [HostHistory], current: String? = nil)
        -> [ReportEnvironment]
    {
        struct Key: Hashable {
            var host: String
            var python, torch, cuda, device: String?
        }
        var order: [Key] = []
        var grouped: [Key: [RunRecord]] = [:]
        for run in runs.sorted(by: { $0.startedAt < $1.startedAt }) {
            let e = run.environment
            let key = Key(host: run.host.fingerprint, python: e.python, torch: e.torch, cuda: e.cuda, device: e.device)
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(run)
        }
        let trendsByHost = Dictionary(
            histories.map { ($0.host.fingerprint, $0.trends) }, uniquingKeysWith: { a, _ in a })
        let envs = order.map { key -> ReportEnvironment in
            let runs = grouped[key]!
            let verifies = runs.filter { $0.kind == .verify }
            let benches = runs.filter { $0.kind == .bench }
            // The series this environment's bench runs belong to; a trend is this environment's when its key is.
            let keys = Set(benches.flatMap { run in run.results.map { SeriesKey(run: run, figure: $0.name) } })
            return ReportEnvironment(
                host: runs[0].host, python: key.python, torch: key.torch, cuda: key.cuda, device: key.device,
                verifyRuns: verifies.count, benchRuns: benches.count, firstRun: runs[0].startedAt,
                lastRun: runs[runs.count - 1].startedAt,
                latestVerify: verifies.last.map { v in
                    Verification(
                        time: v.startedAt, passed: v.passed, failed: v.results.filter { $0.passed == false }.map(\.name)
                    )
                },
                trends: (trendsByHost[key.host] ?? []).filter { keys.contains($0.series) })
        }
        return envs.enumerated().sorted { a, b in
            let (ca, cb) = (a.element.host.fingerprint == current, b.element.host.fingerprint == current)
            if ca != cb { return ca }
            if a.element.lastRun != b.element.lastRun { return a.element.lastRun > b.element.lastRun }
            return a.offset < b.offset
        }.map(\.element)
    }
}
