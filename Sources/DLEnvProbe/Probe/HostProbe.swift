import DLEnvCore

/// Options of one probe run.
public struct ProbeOptions: Sendable, Hashable {
    /// Run no command at all (no nvidia-smi, nvcc or Python); read files and, on the live root, nothing else.
    public var noExec: Bool
    /// Interpreters named with `--python`, probed before those found on `PATH`.
    public var pythons: [String]
    /// Whether to look for interpreters on `PATH` too.
    public var searchPath: Bool
    /// Time limit for each tool (seconds).
    public var timeout: Double
    /// Time limit for each Python interpreter (importing torch takes seconds).
    public var pythonTimeout: Double

    public init(
        noExec: Bool = false, pythons: [String] = [], searchPath: Bool = true, timeout: Double = 5,
        pythonTimeout: Double = 30
    ) {
        self.noExec = noExec
        self.pythons = pythons
        self.searchPath = searchPath
        self.timeout = timeout
        self.pythonTimeout = pythonTimeout
    }
}

/// What `dlenv probe --json` prints: the `HostFacts` keys, plus `sources` (which source answered the facts
/// that have no `source` field of their own) and `details` (facts no resolver needs: the nvidia-smi version,
/// the kernel module flavour, visible-device variables).
public struct ProbeReport: Sendable, Hashable, Encodable {
    public var facts: HostFacts
    public var sources: [String: String]
    public var details: [String: String]

    enum ExtraKeys: String, CodingKey { case sources, details }

    public func encode(to encoder: any Encoder) throws {
        try facts.encode(to: encoder)
        var c = encoder.container(keyedBy: ExtraKeys.self)
        try c.encode(sources, forKey: .sources)
        try c.encode(details, forKey: .details)
    }
}

/// Probes a host through a `SystemInterface`. Each area (NVIDIA, toolkits, ROCm, environment, CPU/BLAS,
/// Python) lives in its own extension; every fact records the source that answered, most trusted first
/// (issue #3: NVML, libcuda, /sys/module, /proc/driver, nvidia-smi query/XML/-L/banner).
public struct HostProbe: Sendable {
    public let system: any SystemInterface
    public let options: ProbeOptions

    public init(system: any SystemInterface, options: ProbeOptions = ProbeOptions()) {
        self.system = system
        self.options = options
    }

    /// The command lines the probe runs; `key` names a scenario's captured output (`FakeSystem`).
    public enum Commands {
        static let queryFields = [
            "index", "name", "uuid", "memory.total", "compute_cap", "mig.mode.current", "driver_version",
        ]
        static let basicFields = queryFields.filter { $0 != "compute_cap" }
        public static let query = Invocation(
            "nvidia-smi", ["--query-gpu=\(queryFields.joined(separator: ","))", "--format=csv,noheader,nounits"],
            key: "nvidia-smi.query")
        /// The same without `compute_cap`, which R470 and older reject with exit 2.
        public static let queryBasic = Invocation(
            "nvidia-smi", ["--query-gpu=\(basicFields.joined(separator: ","))", "--format=csv,noheader,nounits"],
            key: "nvidia-smi.query-basic")
        public static let list = Invocation("nvidia-smi", ["-L"], key: "nvidia-smi.list")
        public static let xml = Invocation("nvidia-smi", ["-q", "-x"], key: "nvidia-smi.xml")
        public static let banner = Invocation("nvidia-smi", [], key: "nvidia-smi.banner")
        public static let nvcc = Invocation("nvcc", ["--version"], key: "nvcc.version")
        /// The Python probe for one interpreter: key "python" + the path with "/" as "_".
        public static func python(_ path: String) -> Invocation {
            Invocation(
                path, ["-c", PythonProbeScript.source],
                key: "python" + path.map { $0 == "/" ? "_" : String($0) }.joined())
        }
    }

    /// Runs every part of the probe. Never throws: failures become warnings and missing facts.
    public func run() -> ProbeReport {
        var state = ProbeState()
        probeEnvironment(&state)
        probeNVIDIA(&state)
        probeToolkits(&state)
        probeROCm(&state)
        probeCPU(&state)
        probeBLAS(&state)
        probePythons(&state)
        for refusal in system.fileRefusals() {
            state.warn("\(refusal.path) was not read: \(refusal.reason); facts from it are missing")
        }
        return ProbeReport(facts: state.facts.escapingControlCharacters, sources: state.sources, details: state.details)
    }

    /// Runs a command unless `--no-exec`; a hang or a crash becomes a warning.
    func execute(_ invocation: Invocation, _ state: inout ProbeState, timeout: Double? = nil) -> CommandResult {
        guard !options.noExec else { return .notFound }
        let limit = timeout ?? options.timeout
        let result = system.run(invocation, timeout: limit)
        switch result {
        case .timedOut:
            state.warn("\(invocation.commandLine) hung and was killed after \(Self.seconds(limit)) s")
        case .signaled(let s, _, _):
            state.warn("\(invocation.commandLine) crashed (signal \(s))")
        case .failedToStart(let why):
            state.warn("\(invocation.commandLine) could not be started: \(why)")
        case .exited(_, let out, _) where out.utf8.count >= Subprocess.outputLimit:
            // The runner keeps the first bytes only; a fact list cut there (GPUs) must not pass for complete.
            state.warn(
                "\(invocation.commandLine) printed more than \(Subprocess.outputLimit >> 20) MiB; only the first \(Subprocess.outputLimit >> 20) MiB were read, so its facts may be incomplete"
            )
        default: break
        }
        return result
    }

    static func seconds(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}

/// The facts gathered so far, with the sources and warnings.
struct ProbeState {
    var facts = HostFacts()
    var sources: [String: String] = [:]
    var details: [String: String] = [:]
    /// The parsed /proc/cpuinfo, for the BLAS advice.
    var cpuInfo: CPUInfo?

    mutating func warn(_ message: String) {
        if !facts.warnings.contains(message) { facts.warnings.append(message) }
    }
}
