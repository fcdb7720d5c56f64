import DLEnvCore
import DLEnvMatrix

/// What `dlenv explain` found: the known failures in the text, each with its facts, evidence and fixes joined
/// with the host; the environment the log shows; the host; what was read.
public struct Explanation: Sendable, Encodable {
    public var matches: [FailureMatch]
    /// The environment the log itself shows (context patterns: the nvidia-smi banner, pip, collect_env).
    public var logFacts: Facts
    /// The line each log fact was read from.
    public var logEvidence: [String: Evidence]
    /// The host the fixes were joined with (nil: explained without one).
    public var host: HostFacts?
    /// "this host (probed)", "host.json".
    public var hostSource: String?
    public var input: InputSummary

    public var recognised: Bool { !matches.isEmpty }

    enum CodingKeys: String, CodingKey {
        case recognised, matches, host, input
        case logFacts = "log_facts"
        case logEvidence = "log_evidence"
        case hostSource = "host_source"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(recognised, forKey: .recognised)
        try c.encode(matches, forKey: .matches)
        try c.encode(logFacts, forKey: .logFacts)
        try c.encode(logEvidence, forKey: .logEvidence)
        try c.encode(hostSource, forKey: .hostSource)
        try c.encode(host, forKey: .host)
        try c.encode(input, forKey: .input)
    }
}

/// One known failure found in the text.
public struct FailureMatch: Sendable, Encodable {
    public var id: String
    public var title: String
    /// What it means (the catalogue's text).
    public var cause: String
    /// The facts its patterns captured, and those derived from them with the matrix (`driver_floor`, …).
    public var facts: Facts
    public var evidence: [Evidence]
    /// Lines that matched (evidence keeps the first few).
    public var matchedLines: Int
    /// The torch build the fixes start from, and where it was found.
    public var build: Build?
    /// The links of that build that fail on the host as the log and the host describe it.
    public var links: [ChainLink]
    /// Best first.
    public var fixes: [ExplainFix]
    public var notes: [MatchNote]
    /// The public threads the catalogue entry was copied from.
    public var sources: [String]

    enum CodingKeys: String, CodingKey {
        case id, title, cause, facts, evidence, build, links, fixes, notes, sources
        case matchedLines = "matched_lines"
    }

    // Optional values are written as null, never left out (docs/explain.md).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(cause, forKey: .cause)
        try c.encode(facts, forKey: .facts)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(matchedLines, forKey: .matchedLines)
        try c.encode(build, forKey: .build)
        try c.encode(links, forKey: .links)
        try c.encode(fixes, forKey: .fixes)
        try c.encode(notes, forKey: .notes)
        try c.encode(sources, forKey: .sources)
    }
}

/// A torch build named by the log or installed in the environment.
public struct Build: Sendable, Hashable, Encodable {
    public enum Source: Sendable, Hashable, Encodable {
        /// The log names it (pip, collect_env, a version print).
        case log
        /// Installed in this interpreter (probed).
        case python(String)

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .log: try c.encode("log")
            case .python(let path): try c.encode("python:\(path)")
            }
        }
    }

    public var torch: Version
    public var variant: String
    public var source: Source

    /// "torch 2.4.0+cu121".
    public var label: String { "torch \(torch.text)+\(variant)" }

    enum CodingKeys: String, CodingKey { case torch, variant, source }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(torch.text, forKey: .torch)
        try c.encode(variant, forKey: .variant)
        try c.encode(source, forKey: .source)
    }
}

/// A fix: a typed `Fix` of the fix engine (another build, a driver upgrade, the torchvision that pairs), or an
/// action of the catalogue's vocabulary that changes no stack (reload the driver, recreate the container).
public enum ExplainFix: Sendable, Hashable, Encodable {
    case stack(Fix)
    case action(FixAction)

    enum CodingKeys: String, CodingKey { case type }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .stack(let fix):
            try fix.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode("stack", forKey: .type)
        case .action(let action):
            try action.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode("action", forKey: .type)
        }
    }

    /// The stable kind in JSON: the engine's `Fix.Kind` or the action's recipe name.
    public var kind: String {
        switch self {
        case .stack(let f): f.kind.rawValue
        case .action(let a): a.kind.rawValue
        }
    }
}

/// A fix that changes no stack: what to run, the environment to set, and the numbers it names.
public struct FixAction: Sendable, Hashable, Encodable {
    public var kind: FixRecipe
    /// Shell lines, in order (placeholders in angle brackets).
    public var commands: [String]
    /// Environment variables to set.
    public var env: [String: String]
    public var facts: Facts

    public init(kind: FixRecipe, commands: [String] = [], env: [String: String] = [:], facts: Facts = [:]) {
        self.kind = kind
        self.commands = commands
        self.env = env
        self.facts = facts
    }

    enum CodingKeys: String, CodingKey { case kind, commands, env, facts }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind.rawValue, forKey: .kind)
        try c.encode(commands, forKey: .commands)
        try c.encode(env, forKey: .env)
        try c.encode(facts, forKey: .facts)
    }
}

/// Something the join noticed, as data (the CLI words it).
public enum MatchNote: Sendable, Hashable, Encodable {
    /// Neither the log nor the environment names a torch build: the fixes are the best stacks for the host.
    case noBuildKnown
    /// The matrix has no such build.
    case unknownBuild(torch: String, variant: String)
    /// The environment's torch is a CPU build, which cannot fail the CUDA chain: it was left out.
    case cpuBuildIgnored(build: String)
    /// The matrix says the build runs on the host as described: the failure is not in the chain dlenv checks.
    case buildRunsHere(build: String)
    /// The log and the host disagree on a fact; the log's value was used (it is the failing machine's).
    case logOverridesHost(fact: String, log: String, host: String)
    /// The log gives only the CUDA version the driver supports: the lowest driver of that CUDA was assumed.
    case driverFromCUDA(cuda: String, driver: String)
    /// The host's driver is already new enough for what the fix would ask: the log comes from another machine or
    /// the driver was upgraded since.
    case driverNewEnough(have: String, need: String)
    /// Neither the host nor the log gives the driver: the CUDA build named needs this driver, unchecked.
    case driverNotChecked(build: String, need: String)
    /// The host has no NVIDIA GPU or driver: a CUDA build will not use a GPU here.
    case noNVIDIAGPU
    /// The host is not a container (this failure happens inside one).
    case notAContainer
    /// On WSL the usual cause is a Linux libnvidia-ml earlier on LD_LIBRARY_PATH than /usr/lib/wsl/lib.
    case wsl
    /// A GeForce / consumer GPU: forward compatibility exists only for datacenter GPUs.
    case consumerGPU(name: String)
    /// The kernel module and the user-space library versions.
    case driverVersions(kernelModule: String, library: String)

    public var key: String {
        switch self {
        case .noBuildKnown: "no_build_known"
        case .unknownBuild: "unknown_build"
        case .cpuBuildIgnored: "cpu_build_ignored"
        case .buildRunsHere: "build_runs_here"
        case .logOverridesHost: "log_overrides_host"
        case .driverFromCUDA: "driver_from_cuda"
        case .driverNewEnough: "driver_new_enough"
        case .driverNotChecked: "driver_not_checked"
        case .noNVIDIAGPU: "no_nvidia_gpu"
        case .notAContainer: "not_a_container"
        case .wsl: "wsl"
        case .consumerGPU: "consumer_gpu"
        case .driverVersions: "driver_versions"
        }
    }

    enum CodingKeys: String, CodingKey {
        case kind, torch, variant, build, fact, log, host, cuda, driver, have, need, name
        case kernelModule = "kernel_module"
        case library
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .kind)
        switch self {
        case .noBuildKnown, .noNVIDIAGPU, .notAContainer, .wsl: break
        case .unknownBuild(let torch, let variant):
            try c.encode(torch, forKey: .torch)
            try c.encode(variant, forKey: .variant)
        case .buildRunsHere(let build), .cpuBuildIgnored(let build): try c.encode(build, forKey: .build)
        case .logOverridesHost(let fact, let log, let host):
            try c.encode(fact, forKey: .fact)
            try c.encode(log, forKey: .log)
            try c.encode(host, forKey: .host)
        case .driverFromCUDA(let cuda, let driver):
            try c.encode(cuda, forKey: .cuda)
            try c.encode(driver, forKey: .driver)
        case .driverNotChecked(let build, let need):
            try c.encode(build, forKey: .build)
            try c.encode(need, forKey: .need)
        case .driverNewEnough(let have, let need):
            try c.encode(have, forKey: .have)
            try c.encode(need, forKey: .need)
        case .consumerGPU(let name): try c.encode(name, forKey: .name)
        case .driverVersions(let kernelModule, let library):
            try c.encode(kernelModule, forKey: .kernelModule)
            try c.encode(library, forKey: .library)
        }
    }
}
