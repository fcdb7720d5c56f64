/// One figure of the core against the same figure from torch.
public struct FigureComparison: Sendable, Hashable, Codable {
    public var name: String
    public var core: [Double]
    public var torch: [Double]
    public var tolerance: Tolerance
    /// Largest |core - torch| over the values (on log10 for `.log10`).
    public var maxDifference: Double
    /// Worst distance in tolerance units (<= 1 passes).
    public var distance: Double
    public var passed: Bool

    enum CodingKeys: String, CodingKey {
        case name, core, torch, tolerance, distance, passed
        case maxDifference = "max_difference"
    }

    // Values may be NaN or infinite (an overflow is a figure too): they go through JSONValue's string forms.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(JSONValue.numbers(core), forKey: .core)
        try c.encode(JSONValue.numbers(torch), forKey: .torch)
        try c.encode(tolerance, forKey: .tolerance)
        try c.encode(JSONValue.number(maxDifference), forKey: .maxDifference)
        try c.encode(JSONValue.number(distance), forKey: .distance)
        try c.encode(passed, forKey: .passed)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        core = try c.decode(JSONValue.self, forKey: .core).numbers ?? []
        torch = try c.decode(JSONValue.self, forKey: .torch).numbers ?? []
        tolerance = try c.decode(Tolerance.self, forKey: .tolerance)
        maxDifference = try c.decode(JSONValue.self, forKey: .maxDifference).numbers?.first ?? .nan
        distance = try c.decode(JSONValue.self, forKey: .distance).numbers?.first ?? .nan
        passed = try c.decode(Bool.self, forKey: .passed)
    }

    init(
        name: String, core: [Double], torch: [Double], tolerance: Tolerance, maxDifference: Double, distance: Double,
        passed: Bool
    ) {
        self.name = name
        self.core = core
        self.torch = torch
        self.tolerance = tolerance
        self.maxDifference = maxDifference
        self.distance = distance
        self.passed = passed
    }
}

/// A workload's comparison with torch: every figure both sides produced, under the workload's tolerances.
public struct WorkloadComparison: Sendable, Hashable, Codable {
    public var passed: Bool
    /// Figures compared (report-only figures included, they never fail).
    public var figures: [FigureComparison]
    /// Figures the core has and torch did not report (e.g. COCO stats without pycocotools): not compared.
    public var missingInTorch: [String]
    /// The twin's error for this workload, if it raised one.
    public var error: String?

    /// The failing figure with the largest distance, else the compared figure with the largest distance.
    public var worst: FigureComparison? {
        let judged = figures.filter { $0.tolerance.mode != .reportOnly }
        return judged.filter { !$0.passed }.max { $0.distance < $1.distance }
            ?? judged.max { $0.distance < $1.distance }
    }

    /// Compares `core` with `torch` figure by figure.
    public static func compare(core: Figures, torch: Figures, rules: ToleranceRules) -> WorkloadComparison {
        var compared: [FigureComparison] = []
        var missing: [String] = []
        for name in core.names {
            let c = core[name]!
            guard let t = torch[name] else {
                missing.append(name)
                continue
            }
            let tol = rules.tolerance(for: name)
            guard c.count == t.count else {
                compared.append(
                    FigureComparison(
                        name: name, core: c, torch: t, tolerance: tol, maxDifference: .infinity, distance: .infinity,
                        passed: tol.mode == .reportOnly))
                continue
            }
            var worst = 0.0
            var maxDiff = 0.0
            for (a, b) in zip(c, t) {
                worst = max(worst, tol.distance(a, b))
                let d = tol.mode == .log10 && a > 0 && b > 0 ? abs(log10(a) - log10(b)) : abs(a - b)
                if !d.isNaN { maxDiff = max(maxDiff, d) }
            }
            compared.append(
                FigureComparison(
                    name: name, core: c, torch: t, tolerance: tol, maxDifference: maxDiff, distance: worst,
                    passed: tol.mode == .reportOnly || worst <= 1))
        }
        return WorkloadComparison(
            passed: compared.allSatisfy(\.passed) && !compared.isEmpty, figures: compared, missingInTorch: missing,
            error: compared.isEmpty ? "torch reported none of the core's figures" : nil)
    }

    /// A failed comparison because the twin could not run the workload.
    public static func failed(_ error: String) -> WorkloadComparison {
        WorkloadComparison(passed: false, figures: [], missingInTorch: [], error: error)
    }

    enum CodingKeys: String, CodingKey {
        case passed, figures, error
        case missingInTorch = "missing_in_torch"
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
