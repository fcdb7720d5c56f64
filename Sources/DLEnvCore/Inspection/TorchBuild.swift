/// torch's build facts, read from its files: `torch/version.py` and the fat binaries of `libtorch_cuda.so`.
public struct TorchBuild: Sendable, Hashable, Codable {
    /// `__version__` ("2.15.0+cu132"), else METADATA's version.
    public var version: String
    /// `torch.version.cuda` ("13.2"), nil for a CPU or ROCm build.
    public var cuda: String?
    public var hip: String?
    public var gitVersion: String?
    public var debug: Bool?
    /// "cu132", "cpu", "rocm6.2": the local tag, else derived from cuda/hip.
    public var variant: String?
    /// The CPython ABI of torch's extension module ("cpython-311"), from `torch/_C.*.so`'s name.
    public var pythonABI: String?
    /// The real compiled arch list: SASS ("sm_75") then PTX ("compute_90"), from the library in `archSource`.
    public var archList: [String]
    /// The library the arch list was read from ("…/torch/lib/libtorch_cuda.so"); nil when none has device code.
    public var archSource: String?

    public init(
        version: String, cuda: String? = nil, hip: String? = nil, gitVersion: String? = nil, debug: Bool? = nil,
        variant: String? = nil, pythonABI: String? = nil, archList: [String] = [], archSource: String? = nil
    ) {
        self.version = version
        self.cuda = cuda
        self.hip = hip
        self.gitVersion = gitVersion
        self.debug = debug
        self.variant = variant
        self.pythonABI = pythonABI
        self.archList = archList
        self.archSource = archSource
    }

    enum CodingKeys: String, CodingKey {
        case version, cuda, hip, debug, variant
        case gitVersion = "git_version"
        case pythonABI = "python_abi"
        case archList = "arch_list"
        case archSource = "arch_source"
    }
}

/// The compiled GPU code of one ELF shared object, from the headers of the fat-binary containers in its
/// `.nv_fatbin` section (reference/fatbin.md). `sass` and `ptx` hold the architectures compiled into more than half
/// of the containers (torch's arch list; on torch 2.15.0 every container holds them); `partial` the others (a few
/// kernels specialised for one GPU).
public struct FatBinarySummary: Sendable, Hashable, Codable {
    public var library: String
    /// The distribution the file belongs to ("torch", "torchvision").
    public var distribution: String?
    public var containers: Int
    public var entries: Int
    /// The size of the `.nv_fatbin` section in bytes (never read whole).
    public var sectionBytes: Int
    public var sass: [String]
    public var ptx: [String]
    /// Architectures in at most half of the containers.
    public var partial: [String]
    /// Every architecture with its entry and container counts.
    public var counts: [ArchCount]
    /// A truncated or corrupt section, an entry too small to hold its SM number, an unknown entry kind.
    public var warnings: [String]

    public init(
        library: String, distribution: String? = nil, containers: Int = 0, entries: Int = 0, sectionBytes: Int = 0,
        sass: [String] = [], ptx: [String] = [], partial: [String] = [], counts: [ArchCount] = [],
        warnings: [String] = []
    ) {
        self.library = library
        self.distribution = distribution
        self.containers = containers
        self.entries = entries
        self.sectionBytes = sectionBytes
        self.sass = sass
        self.ptx = ptx
        self.partial = partial
        self.counts = counts
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case library, distribution, containers, entries, sass, ptx, partial, counts, warnings
        case sectionBytes = "section_bytes"
    }

    /// SASS then PTX, as `torch.cuda.get_arch_list()` writes them ("sm_90", "compute_90").
    public var archList: [String] { sass + ptx }
}

/// How many entries of one architecture and kind a fat binary holds, and in how many containers.
public struct ArchCount: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case sass, ptx }
    /// "sm_90" for SASS, "compute_90" for PTX.
    public var arch: String
    public var kind: Kind
    public var entries: Int
    public var containers: Int

    public init(arch: String, kind: Kind, entries: Int, containers: Int) {
        self.arch = arch
        self.kind = kind
        self.entries = entries
        self.containers = containers
    }
}

/// Wheels of the same CUDA library for several CUDA majors installed side by side; they unpack into the same
/// folder (nvidia-cudnn-cu12 and nvidia-cudnn-cu13 both into nvidia/cudnn/lib), so one overwrote the other's files.
public struct DuplicateWheels: Sendable, Hashable, Codable {
    /// The wheel family without its CUDA suffix ("nvidia-cudnn").
    public var family: String
    /// "nvidia-cudnn-cu12 9.10.2.21", … in `sys.path` order.
    public var packages: [String]
    /// Files that more than one of them lists in its RECORD (the first few), and how many there are.
    public var sharedFiles: [String]
    public var sharedFileCount: Int

    public init(family: String, packages: [String], sharedFiles: [String] = [], sharedFileCount: Int = 0) {
        self.family = family
        self.packages = packages
        self.sharedFiles = sharedFiles
        self.sharedFileCount = sharedFileCount
    }

    enum CodingKeys: String, CodingKey {
        case family, packages
        case sharedFiles = "shared_files"
        case sharedFileCount = "shared_file_count"
    }
}
