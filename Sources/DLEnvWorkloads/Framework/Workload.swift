/// A verification workload: runs on dlenv's own tensor core, checks its pass criteria, and hands the twin (the
/// same workload in torch) the data it needs, so the two can be compared figure by figure.
public protocol Workload: Sendable {
    /// Stable id used on the command line and in JSON ("init-scale").
    var id: String { get }
    /// What it demonstrates, in one sentence.
    var summary: String { get }
    /// The figure shown in the summary table.
    var headline: String { get }
    /// How each figure is compared with torch.
    var tolerances: ToleranceRules { get }
    /// The data block of this workload in the twin script (the same numbers the core uses).
    func twinData() -> JSONValue
    /// Runs on the core: the figures and the pass criteria evaluated on them.
    func run(quick: Bool) -> (figures: Figures, checks: [Check])
}

/// The outcome of one workload on the core (and, with a twin, its comparison with torch).
public struct WorkloadResult: Sendable, Hashable, Codable {
    public var id: String
    public var summary: String
    public var headline: String
    public var passed: Bool
    public var figures: Figures
    public var checks: [Check]
    public var seconds: Double
    /// Nil without a twin.
    public var comparison: WorkloadComparison?

    public init(
        id: String, summary: String, headline: String, figures: Figures, checks: [Check], seconds: Double,
        comparison: WorkloadComparison? = nil
    ) {
        self.id = id
        self.summary = summary
        self.headline = headline
        self.figures = figures
        self.checks = checks
        self.seconds = seconds
        self.comparison = comparison
        self.passed = checks.allSatisfy(\.passed) && (comparison?.passed ?? true)
    }

    /// Attaches a comparison and recomputes `passed`.
    public mutating func attach(_ comparison: WorkloadComparison) {
        self.comparison = comparison
        passed = checks.allSatisfy(\.passed) && comparison.passed
    }

    enum CodingKeys: String, CodingKey {
        case id, summary, headline, passed, figures, checks, seconds, comparison
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(summary, forKey: .summary)
        try c.encode(headline, forKey: .headline)
        try c.encode(passed, forKey: .passed)
        try c.encode(figures, forKey: .figures)
        try c.encode(checks, forKey: .checks)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(comparison, forKey: .comparison)
    }
}
