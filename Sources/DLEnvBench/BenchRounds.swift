/// Every round of one side of one benchmark (higher is better), and what can honestly be said of them: the best
/// and the median of the rounds that agree, their spread, the rounds far from the others (flagged, re-run, never
/// the figure), and whether the side is stable enough for a ratio.
public struct BenchRounds: Sendable, Hashable, Codable {
    /// Every measurement, in the order taken (re-runs of outliers included).
    public private(set) var values: [Double]
    /// The measurements flagged as far from the others (`outlierFactor` from the median of all of them).
    public private(set) var outliers: [Double]

    /// A round more than this factor below (or above) the median of the other rounds is an outlier. A busy
    /// neighbour, a page-fault storm or a frequency drop moves a round by 2-3× at most on the machines seen;
    /// the torch round that read 2.18 against 51.6 and 136 GFLOP/s (issue #11) was 25-60× off.
    public static let outlierFactor = 3.0
    /// Above this relative spread ((max − min) / median of the kept rounds) a side is noisy: no ratio is printed.
    public static let noisySpread = 0.25

    public init(_ values: [Double] = []) {
        self.values = []
        self.outliers = []
        for v in values { record(v) }
    }

    /// Adds a measurement and re-flags the outliers; returns whether the new one is an outlier (re-run it).
    @discardableResult
    public mutating func record(_ value: Double) -> Bool {
        values.append(value)
        outliers = Self.outliers(in: values)
        return outliers.contains(value)
    }

    /// The rounds that count: every value that is not an outlier (non-finite and non-positive values never count).
    public var kept: [Double] {
        var flagged = outliers
        return values.filter { v in
            guard v.isFinite, v > 0 else { return false }
            if let i = flagged.firstIndex(of: v) {
                flagged.remove(at: i)
                return false
            }
            return true
        }
    }

    /// The figure reported: the best kept round (nil when none).
    public var best: Double? { kept.max() }
    public var median: Double? { kept.isEmpty ? nil : Self.median(kept) }
    /// (max − min) / median of the kept rounds; nil with fewer than two.
    public var spread: Double? {
        let k = kept
        guard k.count >= 2, let lo = k.min(), let hi = k.max(), let m = median, m > 0 else { return nil }
        return (hi - lo) / m
    }

    /// false when the kept rounds spread more than `noisySpread` or nothing is left; nil when one round cannot
    /// say (a single measurement is reported as it is).
    public var stable: Bool? {
        if kept.isEmpty { return values.isEmpty ? nil : false }
        guard let spread else { return nil }
        return spread <= Self.noisySpread
    }

    /// Values more than `outlierFactor` from the median of all the values (at least three needed: of two, neither
    /// can be called the odd one); a value that is not finite and positive is always one.
    static func outliers(in values: [Double]) -> [Double] {
        let usable = values.filter { $0.isFinite && $0 > 0 }
        let m = usable.count >= 3 ? median(usable) : nil
        return values.filter { v in
            guard v.isFinite, v > 0 else { return true }
            guard let m else { return false }
            return v * outlierFactor < m || v > m * outlierFactor
        }
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    enum CodingKeys: String, CodingKey {
        case values, outliers, best, median, spread, stable
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(values, forKey: .values)
        try c.encode(outliers, forKey: .outliers)
        try c.encode(best, forKey: .best)
        try c.encode(median, forKey: .median)
        try c.encode(spread, forKey: .spread)
        try c.encode(stable, forKey: .stable)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decode([Double].self, forKey: .values))
    }
}

/// dlenv's figure against torch's for one benchmark: a ratio only when both sides are stable.
public struct BenchComparison: Sendable, Hashable {
    /// best dlenv / best torch; nil when either side is noisy or missing.
    public var ratio: Double?
    /// Why there is no ratio although both sides were measured ("torch's rounds spread 98 %").
    public var noisy: String?

    public init(dlenv: BenchRounds, torch: BenchRounds) {
        guard let d = dlenv.best, let t = torch.best, t > 0 else {
            ratio = nil
            noisy = torch.values.isEmpty ? nil : "no usable torch round"
            return
        }
        var why: [String] = []
        for (side, r) in [("dlenv", dlenv), ("torch", torch)] where r.stable == false {
            why.append("\(side)'s rounds spread \(Int(((r.spread ?? 0) * 100).rounded())) %")
        }
        ratio = why.isEmpty ? d / t : nil
        noisy = why.isEmpty ? nil : why.joined(separator: ", ")
    }
}
