import DLEnvCore

/// Everything needed to write a project's Dockerfile, `.dockerignore` and lock: the spec, the resolved stack,
/// the base image, what the image must run on, and the labels a scheduler reads. Pure data; `RecipePlanner`
/// makes one, `DockerfileRenderer`, `LockFile` and the fleet generators consume it.
public struct RecipePlan: Sendable, Hashable {
    public var spec: Spec
    public var stack: Stack
    public var baseImage: BaseImageChoice
    /// Compute capabilities the image must run on ("6.0", "9.0"), from the target's GPUs.
    public var computeCapabilities: [String]
    /// The target's GPUs as written in the spec.
    public var targetGPUs: [String]
    /// AMD gfx targets of the target's GPUs ("gfx942").
    public var gfxTargets: [String] = []
    /// The Python the Dockerfile asks uv for: the spec's exact patch when given, else the stack's release.
    public var pythonRequest: String
    /// The spec file's name as shown in the header ("examples/cpu-only/dlenv.yaml").
    public var specFile: String
    /// dlenv's version, written into the header and labels.
    public var dlenvVersion: String
    /// Non-fatal findings (an EOL base image, a target without GPUs).
    public var warnings: [Diagnostic]
    /// The verification step; nil when `verify: false`.
    public var verification: VerificationStep?

    public init(
        spec: Spec, stack: Stack, baseImage: BaseImageChoice, computeCapabilities: [String] = [],
        targetGPUs: [String] = [],
        specFile: String = "dlenv.yaml", dlenvVersion: String, warnings: [Diagnostic] = []
    ) {
        self.spec = spec
        self.stack = stack
        self.baseImage = baseImage
        self.computeCapabilities = computeCapabilities
        self.targetGPUs = targetGPUs
        if baseImage.kind == .pythonImage {
            self.pythonRequest = OfficialPythonImages.images[stack.python]?.exact ?? stack.python
        } else {
            self.pythonRequest = spec.python.map { $0.components.count >= 3 ? $0.text : stack.python } ?? stack.python
        }
        self.specFile = specFile
        self.dlenvVersion = dlenvVersion
        self.warnings = warnings
        self.verification = nil
        if spec.verify { self.verification = .importCheck(for: self) }
    }

    /// Whether the image runs on a GPU (CUDA or ROCm).
    public var isGPU: Bool { stack.variant != "cpu" }
    /// Whether the image is for NVIDIA GPUs.
    public var isCUDA: Bool { stack.cuda != nil || stack.variant.hasPrefix("cu") }
    /// Whether the image is for AMD GPUs.
    public var isROCm: Bool { stack.rocm != nil || stack.variant.hasPrefix("rocm") }

    /// The version string a package reports once installed from the chosen index ("2.7.1+cu126"): wheels on
    /// the PyTorch index carry the variant as a PEP 440 local tag; PyPI's default build has none.
    public func installedVersion(_ version: String) -> String {
        if version.contains("+") { return version }
        return stack.indexURL == nil ? version : "\(version)+\(stack.variant)"
    }

    /// `name==version` pins for torch, torchvision, torchaudio (those the stack carries).
    public var torchPins: [String] {
        var pins = ["torch==\(installedVersion(stack.torch))"]
        if let v = stack.torchvision { pins.append("torchvision==\(installedVersion(v))") }
        if let a = stack.torchaudio { pins.append("torchaudio==\(installedVersion(a))") }
        return pins
    }

    /// The wheel index torch comes from, with the site's mirror substituted; nil when PyPI's default build is
    /// the locked variant.
    public var pytorchIndex: String? {
        guard let url = stack.indexURL else { return nil }
        guard let mirror = spec.index.pytorch else { return url }
        if url.hasPrefix(Toolchain.pytorchIndexRoot) {
            return mirror + url.dropFirst(Toolchain.pytorchIndexRoot.count)
        }
        return mirror
    }

    /// Whether `pytorchIndex` is a find-links page (old releases: `torch_stable.html`) rather than a simple index.
    public var pytorchIndexIsFindLinks: Bool { pytorchIndex?.hasSuffix(".html") ?? false }

    /// What `docker run` needs to give the container its GPUs, for schedulers and people.
    public var runArguments: String? {
        if isROCm { return "--device /dev/kfd --device /dev/dri --group-add video" }
        if isCUDA { return "--gpus all" }
        return nil
    }

    /// GPU architectures the image needs, as `sm_XY` ("6.0" → "sm_60").
    public var neededArchitectures: [String] {
        computeCapabilities.compactMap { cc in
            let parts = cc.split(separator: ".")
            guard parts.count == 2 else { return nil }
            return "sm_\(parts[0])\(parts[1])"
        }
    }

    /// The labels of the image, in order: OCI keys then `io.dlenv.*` keys a scheduler can read.
    public var labels: [(key: String, value: String)] {
        var out: [(String, String)] = [
            ("org.opencontainers.image.title", spec.name),
            (
                "org.opencontainers.image.description",
                "PyTorch \(installedVersion(stack.torch)) environment for \(spec.name), generated by dlenv"
            ),
            ("org.opencontainers.image.base.name", baseImage.qualified(mirror: spec.index.registry)),
            ("io.dlenv.version", dlenvVersion),
            ("io.dlenv.torch", installedVersion(stack.torch)),
        ]
        if let v = stack.torchvision { out.append(("io.dlenv.torchvision", installedVersion(v))) }
        if let a = stack.torchaudio { out.append(("io.dlenv.torchaudio", installedVersion(a))) }
        out.append(("io.dlenv.python", pythonRequest))
        out.append(("io.dlenv.variant", stack.variant))
        if let cuda = stack.cuda { out.append(("io.dlenv.cuda", cuda)) }
        if let rocm = stack.rocm { out.append(("io.dlenv.rocm", rocm)) }
        if let driver = stack.minDriverLinux { out.append(("io.dlenv.min-driver", driver)) }
        if !stack.arch.isEmpty { out.append(("io.dlenv.arch-list", stack.arch.joined(separator: " "))) }
        if !computeCapabilities.isEmpty {
            out.append(("io.dlenv.compute-capabilities", computeCapabilities.joined(separator: " ")))
        }
        if let runArguments { out.append(("io.dlenv.run-args", runArguments)) }
        if !gfxTargets.isEmpty { out.append(("io.dlenv.gfx-targets", gfxTargets.joined(separator: " "))) }
        if let verification { out.append(("io.dlenv.check", verification.runtimeCommand.joined(separator: " "))) }
        return out
    }
}

extension RecipePlan {
    /// "torch 2.7.1+cu126, Python 3.11, base docker.io/library/ubuntu:24.04", for one-line reports.
    public var summaryLine: String {
        "torch \(installedVersion(stack.torch)), Python \(pythonRequest), base "
            + baseImage.qualified(mirror: spec.index.registry)
    }
}
