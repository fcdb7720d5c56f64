/// What a Python environment really holds, read from its files without running Python (`dlenv inspect`): the
/// distributions that matter with their pins, torch's build facts, the compiled GPU code of its CUDA libraries
/// (from the fat binaries in their ELF files), the CUDA libraries the dynamic loader would find first, and duplicate
/// CUDA wheels. DLEnvProbe fills it in; DLEnvMatrix judges it. JSON keys are snake_case and stable (docs/inspect.md).
public struct EnvironmentInspection: Sendable, Hashable, Codable {
    /// What was inspected, as given: an interpreter ("/venv/bin/python") or a site-packages folder.
    public var target: String
    /// The interpreter, when one was given (never run unless `--import`).
    public var interpreter: String?
    /// The Python version the environment is for ("3.11.9" from pyvenv.cfg, or "3.11" from lib/python3.11).
    public var python: String?
    /// The folders searched for distributions, in `sys.path` order (a user site first, then the venv's).
    public var sitePackages: [String]
    /// The distributions that matter (torch, its companions, the nvidia-* / cuda-* wheels, numpy), by name.
    public var distributions: [Distribution]
    /// torch's build facts from `torch/version.py` and `libtorch_cuda.so` (nil: no torch installed).
    public var torch: TorchBuild?
    /// The CUDA libraries the nvidia-* wheels install (cuDNN, NCCL, cuBLAS, …), with their versions.
    public var cudaWheels: [CUDAWheel]
    /// The compiled GPU code of each CUDA library of torch and its companions, read from the fat binaries.
    public var fatBinaries: [FatBinarySummary]
    /// The CUDA libraries torch loads and where the loader finds each.
    public var loader: LoaderReport?
    /// Wheels of one CUDA library for several CUDA majors side by side (nvidia-cudnn-cu12 and -cu13).
    public var duplicates: [DuplicateWheels]
    /// Files that could not be read or made no sense (a truncated ELF, a METADATA without Version).
    public var warnings: [String]

    public init(
        target: String, interpreter: String? = nil, python: String? = nil, sitePackages: [String] = [],
        distributions: [Distribution] = [], torch: TorchBuild? = nil, cudaWheels: [CUDAWheel] = [],
        fatBinaries: [FatBinarySummary] = [],
        loader: LoaderReport? = nil, duplicates: [DuplicateWheels] = [], warnings: [String] = []
    ) {
        self.target = target
        self.interpreter = interpreter
        self.python = python
        self.sitePackages = sitePackages
        self.distributions = distributions
        self.torch = torch
        self.cudaWheels = cudaWheels
        self.fatBinaries = fatBinaries
        self.loader = loader
        self.duplicates = duplicates
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case target, interpreter, python, distributions, torch, loader, duplicates, warnings
        case sitePackages = "site_packages"
        case cudaWheels = "cuda_wheels"
        case fatBinaries = "fat_binaries"
    }

    /// The first distribution of that name (PEP 503-normalised), in `sys.path` order.
    public func distribution(_ name: String) -> Distribution? {
        let key = Distribution.normalise(name)
        return distributions.first { $0.name == key }
    }

    /// The installed torch as the rest of dlenv knows it (`HostFacts.Torch`), from the files: the version with its
    /// local tag, CUDA/HIP from version.py, and the arch list of libtorch_cuda.so's fat binaries. Whether CUDA is
    /// usable is unknown without importing torch, so `cudaAvailable` is false.
    public var torchFacts: HostFacts.Torch? {
        guard let t = torch else { return nil }
        return HostFacts.Torch(version: t.version, cuda: t.cuda, hip: t.hip, archList: t.archList)
    }
}

/// An installed distribution, from its `*.dist-info` folder.
public struct Distribution: Sendable, Hashable, Codable {
    /// The PEP 503-normalised name ("nvidia-cudnn-cu13").
    public var name: String
    /// The version as METADATA says it ("0.28.0+cu130"), else as the folder name says it.
    public var version: String
    /// The local tag of the version ("cu130", "cpu", "rocm6.2"), if any.
    public var local: String?
    public var requires: [Requirement]
    public var requiresPython: String?
    /// The dist-info folder.
    public var location: String
    /// The build facts of the package's own `version.py` (torch, torchvision, torchaudio), if it has one.
    public var build: BuildFacts?
    /// The CUDA major its extension modules link against (DT_NEEDED libcudart.so.13 → 13), if any.
    public var cudaRuntime: Int?

    public init(
        name: String, version: String, local: String? = nil, requires: [Requirement] = [],
        requiresPython: String? = nil, location: String, build: BuildFacts? = nil, cudaRuntime: Int? = nil
    ) {
        self.name = Self.normalise(name)
        self.version = version
        self.local = local
        self.requires = requires
        self.requiresPython = requiresPython
        self.location = location
        self.build = build
        self.cudaRuntime = cudaRuntime
    }

    enum CodingKeys: String, CodingKey {
        case name, version, local, requires, location, build
        case requiresPython = "requires_python"
        case cudaRuntime = "cuda_runtime"
    }

    /// PEP 503: lower case, runs of "-", "_" and "." as one "-".
    public static func normalise(_ name: String) -> String {
        var out = ""
        var lastDash = false
        for c in name.lowercased() {
            if c == "-" || c == "_" || c == "." {
                if !lastDash { out.append("-") }
                lastDash = true
            } else {
                out.append(c)
                lastDash = false
            }
        }
        return out
    }

    /// The applicable requirements on one distribution.
    public func requirements(on name: String) -> [Requirement] {
        let key = Self.normalise(name)
        return requires.filter { $0.applies && $0.name == key }
    }

    /// The build variant the package's version says it was made for: the local tag of METADATA's version, else of
    /// its version.py's `__version__` ("cu132", "cpu", "rocm6.2"); nil when neither has one (a PyPI build).
    public var variant: String? {
        for tag in [local, build?.version.flatMap(Version.init)?.local] {
            if let tag, tag == "cpu" || tag.hasPrefix("cu") || tag.hasPrefix("rocm") { return tag }
        }
        return nil
    }
}

/// One `Requires-Dist` line: "torch==2.13.0", "cuda-toolkit[cublas]==13.2.2; platform_system == \"Linux\"".
public struct Requirement: Sendable, Hashable, Codable {
    /// The PEP 503-normalised name.
    public var name: String
    public var extras: [String]
    /// The version specifier as written ("==2.13.0", ">=2.14.0"; "" for any version).
    public var specifier: String
    public var marker: String?
    /// Whether the marker holds in this environment (Linux, its Python, the extras asked of the package).
    public var applies: Bool

    public init(name: String, extras: [String] = [], specifier: String = "", marker: String? = nil, applies: Bool) {
        self.name = Distribution.normalise(name)
        self.extras = extras
        self.specifier = specifier
        self.marker = marker
        self.applies = applies
    }
}

/// What a package's own `version.py` says (`torch/version.py`, `torchvision/version.py`).
public struct BuildFacts: Sendable, Hashable, Codable {
    public var version: String?
    public var cuda: String?
    public var hip: String?
    public var gitVersion: String?
    public var debug: Bool?
    /// The file read.
    public var path: String

    public init(
        version: String? = nil, cuda: String? = nil, hip: String? = nil, gitVersion: String? = nil,
        debug: Bool? = nil, path: String
    ) {
        self.version = version
        self.cuda = cuda
        self.hip = hip
        self.gitVersion = gitVersion
        self.debug = debug
        self.path = path
    }

    enum CodingKeys: String, CodingKey {
        case version, cuda, hip, debug, path
        case gitVersion = "git_version"
    }

    /// "cu132" for CUDA 13.2, "rocm6.2" for HIP 6.2, "cpu" when the file names neither, nil without a version.
    public var variant: String? {
        if let local = version.flatMap(Version.init)?.local,
            local == "cpu" || local.hasPrefix("cu") || local.hasPrefix("rocm")
        {
            return local
        }
        if let cuda = cuda.flatMap(Version.init) { return "cu\(cuda.major)\(cuda.minor)" }
        if let hip = hip.flatMap(Version.init) { return "rocm\(hip.major).\(hip.minor)" }
        return version == nil ? nil : "cpu"
    }
}

/// One CUDA library installed by a wheel: "cudnn" 9.26.0.51 from nvidia-cudnn-cu13.
public struct CUDAWheel: Sendable, Hashable, Codable {
    /// The wheel's name without "nvidia-" and its CUDA suffix ("cudnn", "nccl", "cublas", "cuda-runtime").
    public var library: String
    public var package: String
    public var version: String
    /// The CUDA major of the wheel's suffix ("-cu13"), if it has one.
    public var cuda: Int?

    public init(library: String, package: String, version: String, cuda: Int? = nil) {
        self.library = library
        self.package = package
        self.version = version
        self.cuda = cuda
    }

    /// The wheel of a distribution, for nvidia-* names ("nvidia-cudnn-cu13" → cudnn, CUDA 13).
    public init?(_ d: Distribution) {
        guard d.name.hasPrefix("nvidia-") else { return nil }
        var parts = d.name.dropFirst("nvidia-".count).split(separator: "-").map(String.init)
        var cuda: Int?
        if parts.count > 1, let last = parts.last, last.hasPrefix("cu"), let n = Int(last.dropFirst(2)) {
            cuda = n
            parts.removeLast()
        }
        self.init(library: parts.joined(separator: "-"), package: d.name, version: d.version, cuda: cuda)
    }
}
