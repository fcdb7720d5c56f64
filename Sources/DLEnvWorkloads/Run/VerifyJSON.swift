import DLEnvCore

/// `dlenv verify --json`: stable snake_case keys; the environment always has its five keys, null where unknown.
public struct VerifyJSON: Sendable, Encodable {
    public struct Item: Sendable, Encodable {
        public var id: String
        public var passed: Bool
        public var summary: String
        public var seconds: Double
        public var figures: Figures
        public var checks: [Check]
        public var comparison: WorkloadComparison?

        public init(
            id: String, passed: Bool, summary: String, seconds: Double, figures: Figures, checks: [Check],
            comparison: WorkloadComparison?
        ) {
            self.id = id
            self.passed = passed
            self.summary = summary
            self.seconds = seconds
            self.figures = figures
            self.checks = checks
            self.comparison = comparison
        }

        public func encode(to encoder: any Encoder) throws {
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

    public var workloads: [Item]
    public var environment: TwinOutput.Environment
    public var passed: Bool
    public var coreSeconds: Double

    public init(workloads: [Item], environment: TwinOutput.Environment, passed: Bool, coreSeconds: Double) {
        self.workloads = workloads
        self.environment = environment
        self.passed = passed
        self.coreSeconds = coreSeconds
    }

    enum CodingKeys: String, CodingKey {
        case workloads, environment, passed
        case coreSeconds = "core_seconds"
    }

    public func encode(to encoder: any Encoder) throws {
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
