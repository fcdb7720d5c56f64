import DLEnvCore
import Foundation

/// `dlenv.lock`: what the image is, exactly. JSON with sorted keys (stable diffs, readable by any tool).
public struct LockFile: Sendable, Hashable, Codable {
    public var dlenvVersion: String
    public var name: String
    public var spec: String
    /// The resolved stack (exact versions, variant, CUDA/ROCm, cuDNN, NCCL, arch list, driver floors).
    public var stack: Stack
    /// What `pip`/`uv` install, with local tags: {"torch": "2.7.1+cu126", …}.
    public var wheels: [String: String]
    public var python: Python
    public var index: Index
    public var baseImage: BaseImageChoice
    /// The NVIDIA driver the image needs (Linux and Windows), nil for CPU and ROCm.
    public var driverFloor: DriverFloor?
    /// Compute capabilities of the target GPUs ("6.0"), and those GPUs as written.
    public var computeCapabilities: [String]
    public var targetGPUs: [String]
    /// AMD gfx targets of the target GPUs.
    public var gfxTargets: [String]?

    public struct Python: Sendable, Hashable, Codable {
        /// What uv is asked for ("3.11" or "3.11.9").
        public var request: String
        public var installer: String
    }

    public struct Index: Sendable, Hashable, Codable {
        /// The PyTorch wheel index (mirror substituted), nil when torch comes from PyPI.
        public var pytorch: String?
        /// The PyPI mirror, nil for pypi.org.
        public var pypi: String?
        /// Whether `pytorch` is a find-links page.
        public var findLinks: Bool
        /// Where torch itself is installed from: the PyTorch index, or PyPI (or its mirror) for PyPI's default build.
        public var torch: String

        enum CodingKeys: String, CodingKey {
            case pytorch, pypi, torch
            case findLinks = "find_links"
        }
    }

    public struct DriverFloor: Sendable, Hashable, Codable {
        public var linux: String?
        public var windows: String?
    }

    enum CodingKeys: String, CodingKey {
        case name, spec, stack, wheels, python, index
        case dlenvVersion = "dlenv_version"
        case baseImage = "base_image"
        case driverFloor = "driver_floor"
        case computeCapabilities = "compute_capabilities"
        case targetGPUs = "target_gpus"
        case gfxTargets = "gfx_targets"
    }

    /// The lock of a plan.
    public init(plan: RecipePlan) {
        let s = plan.stack
        dlenvVersion = plan.dlenvVersion
        name = plan.spec.name
        spec = plan.specFile
        stack = s
        var wheels = ["torch": plan.installedVersion(s.torch)]
        if let v = s.torchvision { wheels["torchvision"] = plan.installedVersion(v) }
        if let a = s.torchaudio { wheels["torchaudio"] = plan.installedVersion(a) }
        self.wheels = wheels
        python = Python(
            request: plan.pythonRequest,
            installer: plan.baseImage.kind == .pythonImage
                ? "base image \(plan.baseImage.reference)" : "uv \(Toolchain.uvVersion)")
        index = Index(
            pytorch: plan.pytorchIndex, pypi: plan.spec.index.pypi, findLinks: plan.pytorchIndexIsFindLinks,
            torch: plan.pytorchIndex ?? plan.spec.index.pypi ?? "https://pypi.org/simple")
        var base = plan.baseImage
        base.reference = base.qualified(mirror: plan.spec.index.registry)
        baseImage = base
        driverFloor =
            s.minDriverLinux == nil && s.minDriverWindows == nil
            ? nil : DriverFloor(linux: s.minDriverLinux, windows: s.minDriverWindows)
        computeCapabilities = plan.computeCapabilities
        targetGPUs = plan.targetGPUs
        gfxTargets = plan.gfxTargets.isEmpty ? nil : plan.gfxTargets
    }

    /// The lock as pretty JSON with sorted keys and a final newline.
    public func render() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
