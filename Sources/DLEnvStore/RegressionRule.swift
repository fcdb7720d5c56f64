/// When the latest figure of a series is a regression. The baseline is the median `m` of the up to `window`
/// runs before the latest one in the same series (`SeriesKey`); the series' noise is their robust relative
/// spread `s = 1.4826 · median(|xᵢ − m|) / m` (the scaled median absolute deviation, which estimates the
/// standard deviation of normal noise and ignores the odd outlier). The latest value regresses when it is
/// slower than `m` by more than `max(floor, spreadFactor · s)` — by default more than max(5 %, 3 × s) — and
/// at least `minimumPrevious` (3) runs came before it; with fewer the verdict is "not enough runs", never a
/// regression.
public struct RegressionRule: Sendable, Hashable, Codable {
    /// The smallest slowdown that can count (0.05: 5 %), however quiet the series.
    public var floor: Double
    /// How many spreads a slowdown must exceed (3).
    public var spreadFactor: Double
    /// Runs needed before the latest for a verdict (3).
    public var minimumPrevious: Int
    /// Runs before the latest that form the baseline (10, the newest).
    public var window: Int

    public init(floor: Double = 0.05, spreadFactor: Double = 3, minimumPrevious: Int = 3, window: Int = 10) {
        self.floor = floor
        self.spreadFactor = spreadFactor
        self.minimumPrevious = minimumPrevious
        self.window = window
    }

    enum CodingKeys: String, CodingKey {
        case floor, window
        case spreadFactor = "spread_factor"
        case minimumPrevious = "minimum_previous"
    }

    /// The rule `dlenv history` applies.
    public static let standard = RegressionRule()

    /// The factor that turns a median absolute deviation into a standard deviation for normal noise.
    public static let madScale = 1.4826

    /// What the rule says about the latest value of a series.
    public struct Judgement: Sendable, Hashable {
        public var verdict: TrendVerdict
        /// Median of the baseline runs; nil without any run before the latest.
        public var baselineMedian: Double?
        /// How many runs before the latest form the baseline.
        public var baselineRuns: Int
        /// Slowdown of the latest against the baseline median, as a fraction (0.15 = 15 % slower; negative =
        /// faster); nil without a baseline or a known direction.
        public var slowdown: Double?
        /// The baseline's robust relative spread (scaled MAD / median); nil with fewer than `minimumPrevious` runs.
        public var spread: Double?
        /// The slowdown that would count: max(floor, spreadFactor × spread); nil when no verdict can be given.
        public var threshold: Double?
    }

    /// Judges `latest` against `previous` (oldest first; only the newest `window` are used).
    public func judge(previous: [Double], latest: Double, direction: MetricDirection?) -> Judgement {
        let baseline = Array(previous.suffix(window))
        let median = baseline.isEmpty ? nil : Self.median(baseline)
        var judgement = Judgement(
            verdict: .notEnoughRuns, baselineMedian: median, baselineRuns: baseline.count, slowdown: nil,
            spread: nil, threshold: nil)
        guard let direction else {
            judgement.verdict = .notJudged
            return judgement
        }
        guard let median else { return judgement }
        guard median > 0 else {
            judgement.verdict = .notJudged
            return judgement
        }
        let slowdown = direction == .higherIsBetter ? (median - latest) / median : (latest - median) / median
        judgement.slowdown = slowdown
        guard baseline.count >= minimumPrevious else { return judgement }
        let spread = Self.madScale * Self.median(baseline.map { abs($0 - median) }) / median
        let threshold = max(floor, spreadFactor * spread)
        judgement.spread = spread
        judgement.threshold = threshold
        judgement.verdict = slowdown > threshold ? .regression : .ok
        return judgement
    }

    /// The median (mean of the middle two for an even count).
    public static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }
}

/// The verdict on a series' latest value.
public enum TrendVerdict: String, Sendable, Hashable, Codable {
    /// Within the series' noise (or faster).
    case ok
    /// Slower than the baseline by more than the rule allows.
    case regression
    /// Fewer runs before the latest than the rule needs.
    case notEnoughRuns = "not_enough_runs"
    /// The unit says neither "higher is better" nor "lower is better", or the baseline is not positive.
    case notJudged = "not_judged"
}
