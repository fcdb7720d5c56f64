/// What makes two benchmark figures comparable: the same host, the same dlenv build, the same torch build on the
/// same device, the same sizes (quick or full) and the same thread count. Figures are trended, and judged for
/// regressions, only against figures with an equal key. A field the run did not record (runs stored before
/// dlenv kept it) is nil, and nil is a value of its own: old rows form their own series instead of mixing.
public struct SeriesKey: Sendable, Hashable, Codable {
    /// The host's fingerprint (`HostIdentity`).
    public var host: String
    /// The dlenv version that measured.
    public var dlenvVersion: String
    /// The torch build: its version with the local tag ("2.13.0+cpu", "2.15.0+cu132"); nil without torch.
    public var torch: String?
    /// The device the run measured on ("cpu").
    public var device: String?
    /// Whether the run used `--quick` sizes.
    public var quick: Bool?
    /// The threads the figure was computed with: the BLAS threads for dlenv's figures, torch's threads for
    /// `torch/…` figures.
    public var threads: Int?

    public init(
        host: String, dlenvVersion: String, torch: String?, device: String?, quick: Bool?, threads: Int?
    ) {
        self.host = host
        self.dlenvVersion = dlenvVersion
        self.torch = torch
        self.device = device
        self.quick = quick
        self.threads = threads
    }

    /// The key of figure `figure` of `run`. A torch version without a local tag gets the CUDA version the run
    /// saw ("2.4.1" with CUDA 12.4 → "2.4.1+cu124"), so builds that differ only there still do not mix.
    public init(run: RunRecord, figure: String) {
        let env = run.environment
        var torch = env.torch
        if let t = torch, !t.contains("+"), let cuda = env.cuda, !cuda.isEmpty {
            torch = t + "+cu" + cuda.filter(\.isNumber)
        }
        self.init(
            host: run.host.fingerprint, dlenvVersion: run.dlenvVersion, torch: torch, device: env.device,
            quick: run.quick, threads: figure.hasPrefix("torch/") ? env.torchThreads : env.blasThreads)
    }

    /// "dlenv 0.1.0 · torch 2.13.0+cpu · cpu · full · 2 threads"; unknown fields read "quick/full unknown",
    /// "threads unknown".
    public var label: String {
        [
            "dlenv \(dlenvVersion)", torch.map { "torch \($0)" } ?? "no torch", device ?? "device unknown",
            quick.map { $0 ? "quick" : "full" } ?? "quick/full unknown",
            threads.map { "\($0) thread\($0 == 1 ? "" : "s")" } ?? "threads unknown",
        ].joined(separator: " · ")
    }

    enum CodingKeys: String, CodingKey {
        case host, torch, device, quick, threads
        case dlenvVersion = "dlenv_version"
    }

    // Explicit nulls: the documented keys are always present.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(host, forKey: .host)
        try c.encode(dlenvVersion, forKey: .dlenvVersion)
        try c.encode(torch, forKey: .torch)
        try c.encode(device, forKey: .device)
        try c.encode(quick, forKey: .quick)
        try c.encode(threads, forKey: .threads)
    }
}
