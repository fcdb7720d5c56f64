import DLEnvCore
import DLEnvMatrix
import DLEnvProbe

/// What `dlenv check` is asked: the stack (flags, or a spec's keys) and the host description that goes with it.
public struct StackCheckRequest: Sendable {
    /// The constraints (`--torch`, `--python`, `--gpu`, …); its accelerator picks the build to check.
    public var input = ResolveInput()
    /// Also require a CUDA toolkit that can build extensions.
    public var buildExtensions = false
    /// The probed host's environments are read from their files (only when the host was probed).
    public var inspectEnvironments = false
    /// The root folder the probe read (for reading the environments).
    public var root: String?

    public init() {}
}

/// `dlenv check`: one stack against a host, and every torch installed in the host's Pythons.
public enum StackCheck {
    public static func run(
        _ r: StackCheckRequest, host facts: HostFacts, hostSource: String, matrix: CompatibilityMatrix
    ) throws -> CheckReport {
        // The torch and accelerator asked pick the build checked; the request keeps them open so the fixes may
        // name other releases and builds.
        var input = r.input
        (input.torch, input.accelerator) = (nil, "auto")
        var request = try input.request(base: ResolveRequest(host: facts), matrix: matrix)
        if r.input.python == nil, let v = facts.pythons.compactMap({ $0.version.flatMap(Version.init) }).first {
            request.python = Version(v.majorMinor)
        }
        let accelerator = try AcceleratorSpec(parsing: r.input.accelerator)

        var stack: StackVerdict?
        if let torch = r.input.torch {
            let spec = try MatrixInput.spec(torch, what: "--torch")
            guard let (version, variant) = matrix.candidate(torch: spec, accelerator: accelerator, request: request)
            else {
                let known = matrix.torchReleases.map(\.release.version)
                throw DiagnosticsError(
                    Diagnostic(
                        .error, "no torch release in the matrix satisfies '\(spec)'",
                        remedy: "nearest known: \(MatrixInput.nearest(spec.firstVersion ?? known[0], in: known))"))
            }
            var verdict = matrix.verdict(torch: version, variant: variant, request: request)
            if r.buildExtensions,
                let link = matrix.toolkitLink(torch: version, variant: variant, toolkits: facts.toolkits)
            {
                verdict.append(link)
            }
            stack = verdict
        }
        var base = request
        base.python = nil
        let installed = matrix.installed(host: facts, request: base)
        if stack == nil, installed.isEmpty {
            throw DiagnosticsError(
                Diagnostic(
                    .error, "nothing to check: no --torch given and no torch installed in the probed Pythons",
                    remedy: "pass --torch 2.4 (and --accelerator cu121), or --python PY for a venv's Python"))
        }
        let environments =
            r.inspectEnvironments
            ? EnvironmentScan.verdicts(
                interpreters: facts.pythons.map(\.path), system: LiveSystem(root: r.root), matrix: matrix,
                request: base
            ).verdicts : []
        return CheckReport(
            host: hostSource, stack: stack, installed: installed, environments: environments,
            warnings: facts.warnings)
    }
}

/// What `dlenv check --json` prints: `compatible`, `host`, `candidate`, `links` and `fixes` (typed, see
/// docs/probe.md), `installed` (each with its own typed links and fixes), `environments`, `warnings`.
public struct CheckReport: Sendable, Encodable {
    public var host: String
    public var stack: StackVerdict?
    public var installed: [InstalledVerdict]
    /// The probed host's environments read from their files (`dlenv inspect`'s verdicts).
    public var environments: [InspectionVerdict] = []
    public var warnings: [String]

    public var compatible: Bool {
        stack?.compatible ?? (installed.allSatisfy(\.compatible) && environments.allSatisfy(\.consistent))
    }

    enum CodingKeys: String, CodingKey {
        case compatible, host, candidate, links, fixes, installed, environments, warnings
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(compatible, forKey: .compatible)
        try c.encode(host, forKey: .host)
        try c.encode(stack?.candidate, forKey: .candidate)
        try c.encode(stack?.links ?? [], forKey: .links)
        try c.encode(stack?.fixes ?? installed.flatMap(\.fixes), forKey: .fixes)
        try c.encode(installed, forKey: .installed)
        try c.encode(environments, forKey: .environments)
        try c.encode(warnings, forKey: .warnings)
    }
}
