import DLEnvCore

/// One GPU the stack must run on: by name (looked up in gpus.yaml), by compute capability, or by gfx target.
public struct GPURequirement: Sendable, Hashable {
    /// Position on the host ("GPU 0").
    public var index: Int
    public var name: String?
    public var computeCapability: ComputeCapability?
    /// AMD only.
    public var gfx: String?

    public init(index: Int, name: String? = nil, computeCapability: ComputeCapability? = nil, gfx: String? = nil) {
        self.index = index
        self.name = name
        self.computeCapability = computeCapability
        self.gfx = gfx
    }

    /// A probed (or declared) GPU.
    public init(_ gpu: HostFacts.GPU) {
        self.init(
            index: gpu.index, name: gpu.name, computeCapability: gpu.computeCapability.flatMap(ComputeCapability.init),
            gfx: gpu.gfx)
    }

    /// "GPU 0 NVIDIA GeForce GTX 1080 Ti" or "GPU 1 (8.6)".
    public var label: String {
        if let name { return "GPU \(index) \(name)" }
        if let computeCapability { return "GPU \(index) (\(computeCapability))" }
        if let gfx { return "GPU \(index) (\(gfx))" }
        return "GPU \(index)"
    }

    /// Whether this is an AMD GPU (known by its gfx target).
    public var isAMD: Bool { gfx != nil && computeCapability == nil }
}

/// What `resolve` is asked: constraints on the stack and the host it must run on.
public struct ResolveRequest: Sendable {
    public var torch: VersionSpec
    public var torchvision: VersionSpec
    /// "3.12"; a free-threaded build as "3.13t". Nil: the newest Python each release supports.
    public var python: Version?
    public var accelerator: AcceleratorSpec
    public var os: HostFacts.OS
    public var driver: Version?
    public var gpus: [GPURequirement]
    /// The host's ROCm, if any (makes `auto` consider ROCm builds).
    public var rocm: Version?

    public init(
        torch: VersionSpec = .any, torchvision: VersionSpec = .any, python: Version? = nil,
        accelerator: AcceleratorSpec = .auto, os: HostFacts.OS = .linux, driver: Version? = nil,
        gpus: [GPURequirement] = [], rocm: Version? = nil
    ) {
        self.torch = torch
        self.torchvision = torchvision
        self.python = python
        self.accelerator = accelerator
        self.os = os
        self.driver = driver
        self.gpus = gpus
        self.rocm = rocm
    }

    /// A request for a probed host: its OS, driver, GPUs and ROCm.
    public init(
        host: HostFacts, torch: VersionSpec = .any, torchvision: VersionSpec = .any, python: Version? = nil,
        accelerator: AcceleratorSpec = .auto
    ) {
        self.init(
            torch: torch, torchvision: torchvision, python: python, accelerator: accelerator, os: host.os,
            driver: host.driver.flatMap { Version($0.version) }, gpus: host.gpus.map(GPURequirement.init),
            rocm: host.rocm?.version.flatMap(Version.init))
    }
}

/// The answer to a request: compatible stacks, best first, and why every other candidate fails.
public struct Resolution: Sendable {
    public var stacks: [Stack]
    public var rejected: [Rejection]
    /// Things the resolver could not judge (an unknown GPU name, no driver given).
    public var notes: [String]

    public init(stacks: [Stack], rejected: [Rejection], notes: [String] = []) {
        self.stacks = stacks
        self.rejected = rejected
        self.notes = notes
    }
}

/// A candidate that does not work, with its broken links (each naming the numbers).
public struct Rejection: Sendable, Hashable, Encodable {
    /// "torch 2.15.0+cu132 / Python 3.12".
    public var candidate: String
    public var torch: Version
    public var variant: String
    public var python: String
    /// The failing links.
    public var links: [ChainLink]

    public init(torch: Version, variant: String, python: String, links: [ChainLink]) {
        self.candidate = "torch \(torch.text)+\(variant) / Python \(python)"
        self.torch = torch
        self.variant = variant
        self.python = python
        self.links = links
    }

    /// One sentence per broken link (rendered from the links).
    public var reasons: [String] { links.map(\.detail) }

    enum CodingKeys: String, CodingKey { case candidate, reasons, links }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(candidate, forKey: .candidate)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(links, forKey: .links)
    }
}

extension CompatibilityMatrix {
    /// One GPU as `--gpu`, `target.gpus` and fleet profiles write it (DLEnvCore's `GPUToken` grammar): a
    /// capability or gfx target as it is, a name or alias looked up in gpus.yaml; nil for an unknown name (the
    /// caller reports it with `closestGPUNames`).
    public func gpuRequirement(_ text: String, index: Int) -> GPURequirement? {
        switch GPUToken(parsing: text) {
        case .capability(let cc): return GPURequirement(index: index, computeCapability: cc)
        case .gfx(let gfx): return GPURequirement(index: index, gfx: gfx)
        case .name(let name):
            guard let model = gpu(named: name) else { return nil }
            return GPURequirement(
                index: index, name: model.name, computeCapability: model.computeCapability, gfx: model.gfx)
        }
    }
}
