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

/// One benchmark figure's history on one host, and whether its latest value is a regression: slower than the
/// median of the (up to) five runs before it by more than `threshold` (10 %).
public struct MetricTrend: Sendable, Hashable, Codable {
    public struct Point: Sendable, Hashable, Codable {
        public var time: String
        public var value: Double
    }

    public var name: String
    public var unit: String
    public var direction: MetricDirection?
    /// Oldest first.
    public var points: [Point]
    public var latest: Double
    /// Median of the up to five values before the latest; nil with a single run.
    public var baselineMedian: Double?
    /// How much slower the latest is than the baseline, as a fraction (0.15 = 15 % slower; negative = faster).
    public var slowdown: Double?
    public var regression: Bool

    /// The default regression threshold (10 %).
    public static let threshold = 0.10
    /// How many previous runs form the baseline.
    public static let window = 5

    /// Builds the trend of `values` (oldest first, at least one).
    public init(name: String, unit: String, points: [Point], threshold: Double = MetricTrend.threshold) {
        precondition(!points.isEmpty, "a trend needs at least one point")
        self.name = name
        self.unit = unit
        self.points = points
        direction = MetricDirection(unit: unit)
        latest = points[points.count - 1].value
        let previous = points.dropLast().suffix(Self.window).map(\.value)
        baselineMedian = previous.isEmpty ? nil : Self.median(previous)
        if let base = baselineMedian, let direction, base > 0 {
            let s = direction == .higherIsBetter ? (base - latest) / base : (latest - base) / base
            slowdown = s
            regression = s > threshold
        } else {
            slowdown = nil
            regression = false
        }
    }

    /// The median (mean of the middle two for an even count).
    public static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }

    enum CodingKeys: String, CodingKey {
        case name, unit, direction, points, latest, regression, slowdown
        case baselineMedian = "baseline_median"
    }
}

/// The history of one host: its runs (newest last) and the trend of every benchmark figure.
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
    public var trends: [MetricTrend]

    /// Groups runs by host (in order of first appearance) and computes per-figure trends from bench runs.
    public static func build(from runs: [RunRecord]) -> [HostHistory] {
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
            var seriesOrder: [String] = []
            var series: [String: (unit: String, points: [MetricTrend.Point])] = [:]
            for run in hostRuns where run.kind == .bench {
                for result in run.results {
                    guard let value = result.value, value.isFinite else { continue }
                    let key = result.name
                    if series[key] == nil {
                        seriesOrder.append(key)
                        series[key] = (result.unit, [])
                    }
                    series[key]!.points.append(.init(time: RunRecord.formatTime(run.startedAt), value: value))
                }
            }
            let trends = seriesOrder.map { MetricTrend(name: $0, unit: series[$0]!.unit, points: series[$0]!.points) }
            return HostHistory(host: hostRuns[0].host, runs: summaries, trends: trends)
        }
    }
}
