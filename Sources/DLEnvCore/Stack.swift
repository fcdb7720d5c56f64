/// A resolved, installable stack: exact versions, the wheel variant and where it comes from.
/// The resolver produces it; `check`, `dockerfile`, `lock` and `fleet plan` consume it.
public struct Stack: Sendable, Hashable, Codable {
    public var torch: String
    public var torchvision: String?
    public var torchaudio: String?
    public var python: String
    /// Wheel variant tag: "cu126", "cpu", "rocm6.2".
    public var variant: String
    /// CUDA version of the variant ("12.6"), nil for CPU/ROCm.
    public var cuda: String?
    /// ROCm version of the variant ("6.2"), nil otherwise.
    public var rocm: String?
    public var cudnn: String?
    public var nccl: String?
    /// The wheel index: "https://download.pytorch.org/whl/cu126"; nil when PyPI's default build is this variant.
    public var indexURL: String?
    /// Whether PyPI's plain `torch==X` wheel is this variant.
    public var pypiDefault: Bool
    /// Compiled architectures ("sm_80", "compute_90" for PTX).
    public var arch: [String]
    /// Minimum NVIDIA driver (Linux, Windows) under minor-version compatibility; nil for CPU/ROCm.
    public var minDriverLinux: String?
    public var minDriverWindows: String?

    public init(
        torch: String, torchvision: String? = nil, torchaudio: String? = nil, python: String, variant: String,
        cuda: String? = nil, rocm: String? = nil, cudnn: String? = nil, nccl: String? = nil, indexURL: String? = nil,
        pypiDefault: Bool = false, arch: [String] = [], minDriverLinux: String? = nil, minDriverWindows: String? = nil
    ) {
        self.torch = torch
        self.torchvision = torchvision
        self.torchaudio = torchaudio
        self.python = python
        self.variant = variant
        self.cuda = cuda
        self.rocm = rocm
        self.cudnn = cudnn
        self.nccl = nccl
        self.indexURL = indexURL
        self.pypiDefault = pypiDefault
        self.arch = arch
        self.minDriverLinux = minDriverLinux
        self.minDriverWindows = minDriverWindows
    }

    enum CodingKeys: String, CodingKey {
        case torch, torchvision, torchaudio, python, variant, cuda, rocm, cudnn, nccl, arch
        case indexURL = "index_url"
        case pypiDefault = "pypi_default"
        case minDriverLinux = "min_driver_linux"
        case minDriverWindows = "min_driver_windows"
    }

    /// The exact wheel version with its local tag as the index names it ("2.4.1+cu121").
    public var torchWheel: String { pypiDefault && variant != "cpu" ? torch : "\(torch)+\(variant)" }
}
