import DLEnvCore

/// One way to make a failing stack run: what to change, the stack it leads to, the command that installs it, and
/// what it costs. Built by `FixEngine`; rendered by the CLI (and as notes by the Dockerfile refusal).
public struct Fix: Sendable, Hashable, Encodable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Another build (variant) of the same torch.
        case otherVariant = "other_variant"
        /// Upgrade the NVIDIA driver; the asked build then runs.
        case upgradeDriver = "upgrade_driver"
        /// Another torch release that runs here as the host is.
        case otherTorch = "other_torch"
        /// A driver upgrade and the newest torch it allows (nothing runs on the driver as it is).
        case upgradeDriverAndTorch = "upgrade_driver_and_torch"
        /// The CPU build (no GPU build fits the host).
        case cpuBuild = "cpu_build"
        /// Another accelerator (a spec asked for a variant that does not run on the target).
        case otherAccelerator = "other_accelerator"
        case otherPython = "other_python"
        case pairTorchvision = "pair_torchvision"
        /// Drop a GPU from the target (it alone rules the stack out).
        case dropGPU = "drop_gpu"
        /// Install a CUDA toolkit whose major matches torch's CUDA (building extensions).
        case installToolkit = "install_toolkit"
        // Fixes of an inspected environment (`dlenv inspect`):
        /// The torchaudio that pairs with the installed torch.
        case pairTorchaudio = "pair_torchaudio"
        /// The torch a companion (xformers, flash-attn, torch-tensorrt) was built for.
        case companionTorch = "companion_torch"
        /// A release of the companion built for the installed torch.
        case upgradeCompanion = "upgrade_companion"
        /// The version of a wheel that torch pins (`package` and `install`).
        case installRequirement = "install_requirement"
        /// Take the folder that shadows a wheel's library off the loader's path (`directory`, `via`).
        case unshadowLibrary = "unshadow_library"
        /// Uninstall the wheels built for another CUDA major (`packages`), then reinstall the one torch pins.
        case uninstallWheels = "uninstall_wheels"
    }

    /// What a fix costs, for ranking and for the user.
    public struct Cost: Sendable, Hashable, Encodable {
        /// Minor torch releases older (positive) or newer (negative) than the asked one; nil when torch stays.
        public var torchMinorReleases: Int?
        /// Needs a driver upgrade (administrator rights, a reboot).
        public var driverUpgrade: Bool
        public var pythonChange: Bool
        /// Gives up the GPU (CPU build) or a GPU of the target.
        public var losesGPU: Bool

        public init(
            torchMinorReleases: Int? = nil, driverUpgrade: Bool = false, pythonChange: Bool = false,
            losesGPU: Bool = false
        ) {
            self.torchMinorReleases = torchMinorReleases
            self.driverUpgrade = driverUpgrade
            self.pythonChange = pythonChange
            self.losesGPU = losesGPU
        }

        enum CodingKeys: String, CodingKey {
            case torchMinorReleases = "torch_minor_releases"
            case driverUpgrade = "driver_upgrade"
            case pythonChange = "python_change"
            case losesGPU = "loses_gpu"
        }
    }

    public var kind: Kind
    /// The stack the fix leads to (nil for a toolkit install or a dropped GPU whose stack is not one).
    public var stack: Stack?
    /// The driver to install (≥), and the one installed.
    public var driver: Version?
    public var installedDriver: Version?
    /// The Python, torchvision, GPU or toolkit the fix names.
    public var python: String?
    public var torchvision: String?
    public var gpu: ArchFacts.GPU?
    public var toolkitMajor: Int?
    /// The CUDA of the build a driver upgrade unlocks.
    public var cuda: String?
    /// The torchaudio, package, library (soname) and folder an environment fix names; `via` is the loader step
    /// that reaches the folder ("ld_library_path", "ld_preload", "ld_so_conf", "default_path").
    public var torchaudio: String?
    public var package: String?
    public var packages: [String]?
    public var library: String?
    public var directory: String?
    public var via: String?
    /// `pip install …` for the stack (nil when there is nothing to install).
    public var install: String?
    public var cost: Cost

    public init(
        kind: Kind, stack: Stack? = nil, driver: Version? = nil, installedDriver: Version? = nil, python: String? = nil,
        torchvision: String? = nil, gpu: ArchFacts.GPU? = nil, toolkitMajor: Int? = nil, cuda: String? = nil,
        cost: Cost = Cost()
    ) {
        self.kind = kind
        self.stack = stack
        self.driver = driver
        self.installedDriver = installedDriver
        self.python = python
        self.torchvision = torchvision
        self.gpu = gpu
        self.toolkitMajor = toolkitMajor
        self.cuda = cuda
        self.install = stack.map(\.pipInstall)
        self.cost = cost
    }

    enum CodingKeys: String, CodingKey {
        case kind, stack, driver, python, torchvision, gpu, cuda, install, cost
        case torchaudio, package, packages, library, directory, via
        case installedDriver = "installed_driver"
        case toolkitMajor = "toolkit_major"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(stack, forKey: .stack)
        try c.encode(driver?.text, forKey: .driver)
        try c.encode(installedDriver?.text, forKey: .installedDriver)
        try c.encodeIfPresent(python, forKey: .python)
        try c.encodeIfPresent(torchvision, forKey: .torchvision)
        try c.encodeIfPresent(gpu?.index, forKey: .gpu)
        try c.encodeIfPresent(toolkitMajor, forKey: .toolkitMajor)
        try c.encodeIfPresent(cuda, forKey: .cuda)
        try c.encodeIfPresent(torchaudio, forKey: .torchaudio)
        try c.encodeIfPresent(package, forKey: .package)
        try c.encodeIfPresent(packages, forKey: .packages)
        try c.encodeIfPresent(library, forKey: .library)
        try c.encodeIfPresent(directory, forKey: .directory)
        try c.encodeIfPresent(via, forKey: .via)
        try c.encode(install, forKey: .install)
        try c.encode(cost, forKey: .cost)
    }
}

extension Stack {
    /// `pip install torch==2.4.1 torchvision==0.19.1 --index-url https://download.pytorch.org/whl/cu121`.
    public var pipInstall: String {
        var parts = ["pip install torch==\(torch)"]
        if let tv = torchvision { parts.append("torchvision==\(tv)") }
        if let url = indexURL { parts.append("--index-url \(url)") }
        return parts.joined(separator: " ")
    }
}
