import DLEnvCore

/// One link of the compatibility chain for one candidate: what was checked (`kind`), the verdict (`status`), and
/// the facts with their numbers (`facts`), so callers decide on data, never on a sentence. The sentence
/// (`detail`) is rendered from the facts (`ChainLink+Text.swift`) for the CLI and the refusals.
public struct ChainLink: Sendable, Hashable {
    /// What a link checks.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case os, python, driver, arch, torchvision, variant, toolkit, matrix
    }

    /// ok: checked and fine; failed: checked and broken; notChecked: dlenv could not check it (an unknown GPU,
    /// no driver given, an arch list not recorded): never shown as ✓.
    public enum Status: String, Sendable, Hashable, Codable {
        case ok, failed
        case notChecked = "not_checked"
    }

    public var kind: Kind
    public var status: Status
    /// The wheel the link is about ("torch 2.15.0+cu132").
    public var torch: Version
    public var variant: String
    public var facts: LinkFacts

    public init(kind: Kind, status: Status, torch: Version, variant: String, facts: LinkFacts) {
        self.kind = kind
        self.status = status
        self.torch = torch
        self.variant = variant
        self.facts = facts
    }

    /// Whether the link does not break the stack (ok, or not checked).
    public var ok: Bool { status != .failed }
    public var failed: Bool { status == .failed }

    /// The GPU index of an arch link.
    public var gpu: Int? {
        if case .arch(let a) = facts { return a.gpu.index }
        return nil
    }

    /// The stable name of the link in JSON and tables: "os", "python", "driver", "arch:GPU 0", "torchvision", …
    public var name: String { gpu.map { "arch:GPU \($0)" } ?? kind.rawValue }

    /// "torch 2.15.0+cu132".
    public var wheel: String { "torch \(torch.text)+\(variant)" }
}

/// The facts one link checked, with their numbers.
public enum LinkFacts: Sendable, Hashable {
    case os(asked: HostFacts.OS, available: [HostFacts.OS])
    case python(PythonFacts)
    case driver(DriverFacts)
    case arch(ArchFacts)
    case torchvision(pairs: String?, requested: VersionSpec)
    /// The variant asked for, and the variants this release was published as.
    case variant(asked: String, published: [String])
    case toolkit(ToolkitFacts)
    /// The matrix has no such release or variant.
    case matrix
}

/// The Python link: the version asked for and the ones the release has wheels for.
public struct PythonFacts: Sendable, Hashable {
    public enum Problem: String, Sendable, Hashable, Codable {
        case notAVersion = "not_a_version"
        case freeThreadedUnavailable = "free_threaded_unavailable"
        case newerThanSupported = "newer_than_supported"
        case olderThanSupported = "older_than_supported"
        case noWheel = "no_wheel"
    }

    public var asked: String
    public var available: [String]
    public var problem: Problem?
    /// The newest (newer than supported) or oldest (older than supported) Python the release has.
    public var bound: String?
}

/// The driver link: the driver the host has, the floor the wheel's CUDA needs, and which rule sets that floor.
public struct DriverFacts: Sendable, Hashable {
    public enum Rule: String, Sendable, Hashable, Codable {
        /// CUDA ≥ 11: any driver of the CUDA major's floor runs every minor (minor-version compatibility).
        case minorVersionCompatibility = "minor_version_compatibility"
        /// Before CUDA 11: the toolkit's own driver.
        case toolkitFloor = "toolkit_floor"
    }

    public var cuda: Version
    public var have: Version?
    /// nil when no floor is known for this CUDA.
    public var need: Version?
    public var rule: Rule?
}

/// The arch link for one GPU: its capability (or gfx) against the wheel's compiled arch list.
public struct ArchFacts: Sendable, Hashable {
    public struct GPU: Sendable, Hashable {
        public var index: Int
        public var name: String?
        public var capability: ComputeCapability?
        public var gfx: String?
        /// "GPU 0 NVIDIA GeForce RTX 5090".
        public var label: String
    }

    public enum Verdict: String, Sendable, Hashable, Codable {
        /// SASS for exactly this capability.
        case exact
        /// SASS for a lower minor of the same major (binary compatibility).
        case binaryCompatible = "binary_compatible"
        /// PTX the driver JIT-compiles.
        case ptxJIT = "ptx_jit"
        /// PTX that needs a newer driver than the host's to JIT.
        case ptxNeedsDriver = "ptx_needs_driver"
        case notInArchList = "not_in_arch_list"
        case cpuBuild = "cpu_build"
        case unknownGPU = "unknown_gpu"
        case unknownCapability = "unknown_capability"
        case nvidiaOnROCm = "nvidia_gpu_on_rocm_build"
        case amdOnCUDA = "amd_gpu_on_cuda_build"
        case gfxInList = "gfx_in_list"
        case gfxNotInList = "gfx_not_in_list"
        case gfxListUnknown = "gfx_list_unknown"
    }

    public var gpu: GPU
    public var verdict: Verdict
    /// The wheel's SASS and PTX entries (CUDA), or gfx targets (ROCm).
    public var sass: [String]
    public var ptx: [String]
    /// The entry that serves the GPU (exact, compatible SASS or PTX).
    public var entry: String?
    /// For `ptxNeedsDriver`: the driver the PTX's toolkit needs, and the host's.
    public var driverNeed: Version?
    public var driverHave: Version?
    /// CUDA major.minor of the build (ptx links).
    public var cuda: String?
}

/// The toolkit link (building CUDA extensions): nvcc's major must equal torch's CUDA major.
public struct ToolkitFacts: Sendable, Hashable {
    public var cuda: Version
    /// The toolkit that can build (nil: none).
    public var found: String?
    public var path: String?
    /// Every toolkit version seen.
    public var seen: [String]
    /// Same major, another minor: torch warns but builds.
    public var otherMinor: Bool
}
