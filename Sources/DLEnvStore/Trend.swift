import Foundation

/// Whether a bigger number is better for a unit (throughput) or worse (time). Unknown units are not judged.
public enum MetricDirection: String, Sendable, Hashable, Codable {
    case higherIsBetter = "higher_is_better"
    case lowerIsBetter = "lower_is_better"

    /// "GFLOP/s", "GB/s", "steps/s" → higher; "ms", "s", "us" (also per step) → lower; else nil.
    public init?(unit: String) {
        let u = unit.lowercased().trimmingCharacters(in: .whitespaces)
        if ["s", "ms", "us", "µs", "ns"].contains(where: { u == $0 || u.hasPrefix($0 + "/") }) {
            self = .lowerIsBetter
        } else if u.hasSuffix("/s") || u.hasSuffix("per second") {
            self = .higherIsBetter
        } else {
            return nil
        }
    }
}

/// One benchmark figure's history in one series (`SeriesKey`: host, dlenv build, torch build and device, quick
/// or full, threads), and the verdict on its latest value under a `RegressionRule`.
public struct MetricTrend: Sendable, Hashable, Codable {
    public struct Point: Sendable, Hashable, Codable {
        public var time: String
        public var value: Double
    }

    public var name: String
    public var unit: String
    public var direction: MetricDirection?
    /// What the points have in common.
    public var series: SeriesKey
    /// Oldest first.
    public var points: [Point]
    public var latest: Double
    /// Median of the baseline runs before the latest; nil with a single run.
    public var baselineMedian: Double?
    /// How many runs before the latest form the baseline (up to the rule's window).
    public var baselineRuns: Int
    /// How much slower the latest is than the baseline, as a fraction (0.15 = 15 % slower; negative = faster).
    public var slowdown: Double?
    /// The baseline's robust relative spread (scaled MAD over the median); nil when not judged.
    public var spread: Double?
    /// The slowdown that counts as a regression in this series; nil when not judged.
    public var threshold: Double?
    public var verdict: TrendVerdict
    /// `verdict == .regression`.
    public var regression: Bool

    /// Builds the trend of `points` (oldest first, at least one) of one series.
    public init(
        name: String, unit: String, series: SeriesKey, points: [Point], rule: RegressionRule = .standard
    ) {
        precondition(!points.isEmpty, "a trend needs at least one point")
        self.name = name
        self.unit = unit
        self.series = series
        self.points = points
        direction = MetricDirection(unit: unit)
        latest = points[points.count - 1].value
        let judgement = rule.judge(
            previous: points.dropLast().map(\.value), latest: latest, direction: direction)
        baselineMedian = judgement.baselineMedian
        baselineRuns = judgement.baselineRuns
        slowdown = judgement.slowdown
        spread = judgement.spread
        threshold = judgement.threshold
        verdict = judgement.verdict
        regression = judgement.verdict == .regression
    }

    enum CodingKeys: String, CodingKey {
        case name, unit, direction, series, points, latest, slowdown, spread, threshold, verdict, regression
        case baselineMedian = "baseline_median"
        case baselineRuns = "baseline_runs"
    }

    // Explicit nulls: the documented keys are always present.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(unit, forKey: .unit)
        try c.encode(direction, forKey: .direction)
        try c.encode(series, forKey: .series)
        try c.encode(points, forKey: .points)
        try c.encode(latest, forKey: .latest)
        try c.encode(baselineMedian, forKey: .baselineMedian)
        try c.encode(baselineRuns, forKey: .baselineRuns)
        try c.encode(slowdown, forKey: .slowdown)
        try c.encode(spread, forKey: .spread)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(regression, forKey: .regression)
    }
}

/// The history of one host: its runs (newest last) and the trend of every benchmark figure in every series.
public struct HostHistory: Sendable, Hashable, Codable {
    public struct RunSummary: Sendable, Hashable, Codable {
        public var id: Int64?
        public var kind: RunRecord.Kind
        public var time: String
        public var torch: String?
        public var device: String?
        public var passed: Bool?
        public var results: Int
        public var failed: [String]
    }

    public var host: HostIdentity
    public var runs: [RunSummary]
    /// One trend per figure and series, grouped by series in the order the series first appear.
    public var trends: [MetricTrend]

    /// Groups runs by host (in order of first appearance) and computes per-figure, per-series trends from bench
    /// runs: a figure's values are compared only with values of an equal `SeriesKey`.
    public static func build(from runs: [RunRecord], rule: RegressionRule = .standard) -> [HostHistory] {
        var order: [String] = []
        var grouped: [String: [RunRecord]] = [:]
        for run in runs {
            if grouped[run.host.fingerprint] == nil { order.append(run.host.fingerprint) }
            grouped[run.host.fingerprint, default: []].append(run)
        }
        return order.map { fingerprint in
            let hostRuns = grouped[fingerprint]!.sorted { $0.startedAt < $1.startedAt }
            let summaries = hostRuns.map { run in
                RunSummary(
                    id: run.id, kind: run.kind, time: RunRecord.formatTime(run.startedAt), torch: run.environment.torch,
                    device: run.environment.device, passed: run.passed, results: run.results.count,
                    failed: run.results.filter { $0.passed == false }.map(\.name))
            }
            struct Figure: Hashable {
                var series: SeriesKey
                var name: String
            }
            var seriesOrder: [SeriesKey] = []
            var figureOrder: [SeriesKey: [Figure]] = [:]
            var points: [Figure: (unit: String, points: [MetricTrend.Point])] = [:]
            for run in hostRuns where run.kind == .bench {
                for result in run.results {
                    guard let value = result.value, value.isFinite else { continue }
                    let key = SeriesKey(run: run, figure: result.name)
                    let figure = Figure(series: key, name: result.name)
                    if figureOrder[key] == nil { seriesOrder.append(key) }
                    if points[figure] == nil {
                        figureOrder[key, default: []].append(figure)
                        points[figure] = (result.unit, [])
                    }
                    points[figure]!.points.append(.init(time: RunRecord.formatTime(run.startedAt), value: value))
                }
            }
            let trends = seriesOrder.flatMap { key in
                figureOrder[key]!.map { f in
                    MetricTrend(name: f.name, unit: points[f]!.unit, series: key, points: points[f]!.points, rule: rule)
                }
            }
            return HostHistory(host: hostRuns[0].host, runs: summaries, trends: trends)
        }
    }
}
