import DLEnvCore
import DLEnvMatrix

/// The known failures of `matrices/failures.yaml`: what each looks like in a log (patterns), what it means, the
/// facts its patterns capture, the fixes that apply and the public threads it was copied from; and the context
/// patterns that read the environment a log shows (driver, torch) whatever failure it holds.
public struct FailureCatalogue: Sendable {
    public var context: [ContextPattern]
    /// Most fundamental first: a driver problem explains the errors printed after it.
    public var entries: [FailureEntry]

    public init(context: [ContextPattern], entries: [FailureEntry]) {
        self.context = context
        self.entries = entries
    }

    /// The entry with this id.
    public func entry(_ id: String) -> FailureEntry? { entries.first { $0.id == id } }

    /// The catalogue's logical name in diagnostics.
    public static let fileName = "failures.yaml"
}

/// One known failure.
public struct FailureEntry: Sendable, Hashable {
    /// Stable id in JSON ("driver-too-old").
    public var id: String
    /// One line: what failed.
    public var title: String
    /// What it means: the mechanism behind the message.
    public var cause: String
    public var patterns: [EntryPattern]
    /// Each fact the patterns capture, with what it means.
    public var facts: [String: String]
    /// What to do, best first, in the catalogue's fix vocabulary.
    public var fixes: [FixRecipe]
    /// Public threads the patterns were copied from.
    public var sources: [String]
    public var verified: Verification
    public var note: String?
    /// Where the entry is in its file.
    public var location: SourceLocation

    public init(
        id: String, title: String, cause: String, patterns: [EntryPattern], facts: [String: String],
        fixes: [FixRecipe], sources: [String], verified: Verification, note: String? = nil,
        location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.cause = cause
        self.patterns = patterns
        self.facts = facts
        self.fixes = fixes
        self.sources = sources
        self.verified = verified
        self.note = note
        self.location = location
    }
}

/// A pattern of an entry. A trigger alone recognises the failure; a supporting pattern only adds facts and
/// evidence once a trigger has matched somewhere in the log.
public struct EntryPattern: Sendable, Hashable {
    public var pattern: Pattern
    public var supporting: Bool

    public init(pattern: Pattern, supporting: Bool = false) {
        self.pattern = pattern
        self.supporting = supporting
    }
}

/// A pattern that reads the environment a log shows (the nvidia-smi banner's driver, pip's torch), with its source.
public struct ContextPattern: Sendable, Hashable {
    public var pattern: Pattern
    public var source: String

    public init(pattern: Pattern, source: String) {
        self.pattern = pattern
        self.source = source
    }
}

/// The catalogue's fix vocabulary: what an entry's `fixes:` may name. `stack` and the kinds after it up to
/// `driverForToolkit` are answered by the fix engine of DLEnvMatrix (typed `Fix` values with their stacks); the
/// others are actions that change no stack, each with its commands.
public enum FixRecipe: String, Sendable, Hashable, CaseIterable {
    /// The fix engine on the failing build (from the log, else the environment), joined with the host and the
    /// log's facts; the best stack for that host when no build is known.
    case stack
    /// A CUDA build: of the same torch, and the best one for the host.
    case cudaBuild = "cuda_build"
    /// The torchvision that pairs with the torch (from the matrix).
    case pairTorchvision = "pair_torchvision"
    /// The driver a container's `cuda>=X` requirement needs (the toolkit's own driver, cuda.yaml).
    case driverForCUDA = "driver_for_cuda"
    /// The driver the toolkit that compiled the PTX needs (torch's CUDA, else the host's nvcc).
    case driverForToolkit = "driver_for_toolkit"
    /// An `nvidia/cuda` image whose CUDA the host's driver runs (images.yaml).
    case olderImage = "older_image"
    /// Reboot, or unload and reload the NVIDIA kernel modules.
    case reloadDriver = "reload_driver"
    /// Recreate the container (a restart keeps the lost device cgroup).
    case recreateContainer = "recreate_container"
    /// Host side: the `/dev/char` symlinks runc needs to keep the devices across a systemd reload.
    case devCharSymlinks = "dev_char_symlinks"
    /// Install and start the NVIDIA fabric manager of the driver's exact version.
    case installFabricManager = "install_fabric_manager"
    /// Stop loading the forward-compatibility libcuda (cuda-compat) on a GPU that does not support it.
    case removeForwardCompat = "remove_forward_compat"
    /// Take the other copy of the library off the loader path (LD_LIBRARY_PATH) so torch loads its own.
    case cleanLibraryPath = "clean_library_path"
    /// WSL: put /usr/lib/wsl/lib on the loader path.
    case wslLibraryPath = "wsl_library_path"
    /// A container: start it with the GPUs passed in.
    case gpuRuntime = "gpu_runtime"
    /// Install the NVIDIA driver (no libcuda at all).
    case installDriver = "install_driver"
    case reduceBatchSize = "reduce_batch_size"
    /// `PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True`.
    case expandableSegments = "expandable_segments"
    /// Other processes hold GPU memory.
    case freeGPUMemory = "free_gpu_memory"

    /// Whether the fix engine answers it (typed `Fix` values with stacks) rather than an action.
    public var isEngine: Bool {
        switch self {
        case .stack, .cudaBuild, .pairTorchvision, .driverForCUDA, .driverForToolkit: true
        default: false
        }
    }
}

/// The facts the join with the host and the matrix reads, with the kind each must have. A pattern may capture
/// any other fact too; these names are checked because code reads them.
public enum KnownFact {
    public static let kinds: [String: FactValue.Kind] = [
        "torch": .version, "torchvision": .version, "torch_cuda": .version, "python": .version,
        "driver": .version, "driver_cuda": .version, "nvml_version": .version, "kernel_module": .version,
        "gpu_name": .text, "gpu_index": .int, "gpu_capability": .capability, "min_capability": .capability,
        "required_cuda": .version, "compiled_cudnn": .version, "runtime_cudnn": .version,
        "library": .text, "symbol": .text, "wsl_library": .text,
        "requested_bytes": .bytes, "total_bytes": .bytes, "free_bytes": .bytes, "allocated_bytes": .bytes,
        "reserved_bytes": .bytes, "reserved_unallocated_bytes": .bytes, "process_bytes": .bytes,
    ]

    /// The facts a context pattern may capture: the environment, not a failure.
    public static let context: Set<String> = [
        "torch", "torchvision", "torch_cuda", "python", "driver", "driver_cuda", "gpu_name", "gpu_index",
    ]
}
