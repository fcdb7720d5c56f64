/// What a host (or a saved probe report, or a declared fleet) offers: the probe's output and the resolver's
/// input. JSON keys are snake_case and stable (`dlenv probe --json`); other tools rely on them.
public struct HostFacts: Sendable, Hashable, Codable {
    /// Operating system the stack must run on.
    public enum OS: String, Sendable, Hashable, Codable, CaseIterable { case linux, windows, macos }

    public var os: OS
    public var gpus: [GPU]
    public var driver: Driver?
    public var toolkits: [Located]
    public var cudnn: [Located]
    public var nccl: [Located]
    public var rocm: ROCm?
    public var container: Bool
    public var wsl: Bool
    public var jetson: String?
    public var cpu: CPU?
    public var blas: BLAS?
    public var pythons: [Python]
    public var warnings: [String]

    public init(
        os: OS = .linux, gpus: [GPU] = [], driver: Driver? = nil, toolkits: [Located] = [], cudnn: [Located] = [],
        nccl: [Located] = [], rocm: ROCm? = nil, container: Bool = false, wsl: Bool = false, jetson: String? = nil,
        cpu: CPU? = nil, blas: BLAS? = nil, pythons: [Python] = [], warnings: [String] = []
    ) {
        self.os = os
        self.gpus = gpus
        self.driver = driver
        self.toolkits = toolkits
        self.cudnn = cudnn
        self.nccl = nccl
        self.rocm = rocm
        self.container = container
        self.wsl = wsl
        self.jetson = jetson
        self.cpu = cpu
        self.blas = blas
        self.pythons = pythons
        self.warnings = warnings
    }

    /// One GPU. `compute_capability` is "8.6"; `name` as NVML / `nvidia-smi` print it (never the truncated
    /// banner). For a GPU declared only by its capability (a fleet profile, `--gpu 8.6`), `name` is nil.
    public struct GPU: Sendable, Hashable, Codable {
        public var index: Int
        public var name: String?
        public var computeCapability: String?
        public var memoryMiB: Int?
        public var uuid: String?
        public var mig: Bool?
        /// ROCm only: the gfx target ("gfx90a").
        public var gfx: String?
        /// Which source answered ("nvml", "nvidia-smi --query-gpu", "/proc/driver/nvidia/gpus", "declared").
        public var source: String?

        public init(
            index: Int, name: String? = nil, computeCapability: String? = nil, memoryMiB: Int? = nil,
            uuid: String? = nil, mig: Bool? = nil, gfx: String? = nil, source: String? = nil
        ) {
            self.index = index
            self.name = name
            self.computeCapability = computeCapability
            self.memoryMiB = memoryMiB
            self.uuid = uuid
            self.mig = mig
            self.gfx = gfx
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case index, name, uuid, mig, gfx, source
            case computeCapability = "compute_capability"
            case memoryMiB = "memory_mib"
        }
    }

    /// The NVIDIA driver: its version ("550.54.15") and the newest CUDA it supports ("12.4").
    public struct Driver: Sendable, Hashable, Codable {
        public var version: String
        public var cudaVersion: String?
        public var source: String?

        public init(version: String, cudaVersion: String? = nil, source: String? = nil) {
            self.version = version
            self.cudaVersion = cudaVersion
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case version, source
            case cudaVersion = "cuda_version"
        }
    }

    /// A versioned thing at a path (a CUDA toolkit, a cuDNN, an NCCL).
    public struct Located: Sendable, Hashable, Codable {
        public var version: String
        public var path: String?
        public var source: String?
        public init(version: String, path: String? = nil, source: String? = nil) {
            self.version = version
            self.path = path
            self.source = source
        }
    }

    /// ROCm install: its version and the GPUs' gfx targets (from KFD topology).
    public struct ROCm: Sendable, Hashable, Codable {
        public var version: String?
        public var gfxTargets: [String]
        public var source: String?
        public init(version: String? = nil, gfxTargets: [String] = [], source: String? = nil) {
            self.version = version
            self.gfxTargets = gfxTargets
            self.source = source
        }
        enum CodingKeys: String, CodingKey {
            case version, source
            case gfxTargets = "gfx_targets"
        }
    }

    /// The CPU: model, logical cores, SIMD flags, theoretical FP32 peak.
    public struct CPU: Sendable, Hashable, Codable {
        public var model: String
        public var cores: Int
        public var flags: [String]
        public var fp32PeakGflops: Double?
        /// The CPU model the peak comes from (microarchitecture, FLOP/cycle, clock, each with its source; the
        /// OpenBLAS core dlenv forces), the same value `bench` reports.
        public var details: CPUModel?
        public init(
            model: String, cores: Int, flags: [String] = [], fp32PeakGflops: Double? = nil, details: CPUModel? = nil
        ) {
            self.model = model
            self.cores = cores
            self.flags = flags
            self.fp32PeakGflops = fp32PeakGflops
            self.details = details
        }
        enum CodingKeys: String, CodingKey {
            case model, cores, flags, details
            case fp32PeakGflops = "fp32_peak_gflops"
        }
    }

    /// The BLAS dlenv would use: library path, version and the kernel core it selects.
    public struct BLAS: Sendable, Hashable, Codable {
        public var library: String?
        public var version: String?
        public var core: String?
        public var threads: Int?
        public var note: String?
        /// `OPENBLAS_CORETYPE` in effect when dlenv loads the library, and who set it ("dlenv" or "user").
        public var coreType: String?
        public var coreTypeSetBy: String?
        public init(
            library: String? = nil, version: String? = nil, core: String? = nil, threads: Int? = nil,
            note: String? = nil, coreType: String? = nil, coreTypeSetBy: String? = nil
        ) {
            self.library = library
            self.version = version
            self.core = core
            self.threads = threads
            self.note = note
            self.coreType = coreType
            self.coreTypeSetBy = coreTypeSetBy
        }
        enum CodingKeys: String, CodingKey {
            case library, version, core, threads, note
            case coreType = "coretype"
            case coreTypeSetBy = "coretype_set_by"
        }
    }

    /// A Python interpreter and the torch it imports, if any.
    public struct Python: Sendable, Hashable, Codable {
        public var path: String
        public var version: String?
        public var torch: Torch?
        public var error: String?
        public init(path: String, version: String? = nil, torch: Torch? = nil, error: String? = nil) {
            self.path = path
            self.version = version
            self.torch = torch
            self.error = error
        }
    }

    /// An installed torch as it reports itself.
    public struct Torch: Sendable, Hashable, Codable {
        public var version: String
        public var cuda: String?
        public var hip: String?
        public var cudnn: String?
        public var archList: [String]
        public var cudaAvailable: Bool
        public var deviceCount: Int
        public var devices: [String]
        public init(
            version: String, cuda: String? = nil, hip: String? = nil, cudnn: String? = nil, archList: [String] = [],
            cudaAvailable: Bool = false, deviceCount: Int = 0, devices: [String] = []
        ) {
            self.version = version
            self.cuda = cuda
            self.hip = hip
            self.cudnn = cudnn
            self.archList = archList
            self.cudaAvailable = cudaAvailable
            self.deviceCount = deviceCount
            self.devices = devices
        }
        enum CodingKeys: String, CodingKey {
            case version, cuda, hip, cudnn, devices
            case archList = "arch_list"
            case cudaAvailable = "cuda_available"
            case deviceCount = "device_count"
        }
    }
}
