import DLEnvCore

/// The verdict on one stack for one host: every link of the chain, and the ranked fixes when a link fails.
public struct StackVerdict: Sendable, Hashable, Encodable {
    public var torch: Version
    public var variant: String
    /// The Python checked (nil when the matrix has no such build).
    public var python: String?
    public var compatible: Bool
    public var links: [ChainLink]
    public var fixes: [Fix]

    /// "torch 2.4.1+cu121 / Python 3.12".
    public var candidate: String { "torch \(torch.text)+\(variant)" + (python.map { " / Python \($0)" } ?? "") }

    enum CodingKeys: String, CodingKey { case candidate, torch, variant, python, compatible, links, fixes }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(candidate, forKey: .candidate)
        try c.encode(torch.text, forKey: .torch)
        try c.encode(variant, forKey: .variant)
        try c.encode(python, forKey: .python)
        try c.encode(compatible, forKey: .compatible)
        try c.encode(links, forKey: .links)
        try c.encode(fixes, forKey: .fixes)
    }

    /// Adds a link (the toolkit link of `--build-extensions`) and the fix it calls for.
    public mutating func append(_ link: ChainLink) {
        links.append(link)
        guard link.failed else { return }
        compatible = false
        if case .toolkit(let t) = link.facts {
            fixes.append(Fix(kind: .installToolkit, toolkitMajor: t.cuda.major, cuda: t.cuda.text))
        }
    }
}

/// An installed torch (in one probed Python) judged against the host.
public struct InstalledVerdict: Sendable, Hashable, Encodable {
    public enum Note: Sendable, Hashable, Encodable {
        /// Not a release the matrix knows (or no such build): not checked.
        case unknownRelease
        case unknownBuild(torch: Version, variant: String)
        /// A CPU build on a host with GPUs.
        case cpuBuildOnGPUHost
        /// The chain checks out but torch reported CUDA unavailable.
        case cudaUnavailable
    }

    public var python: String
    public var torch: String
    public var variant: String?
    public var compatible: Bool
    /// The failing links (the installed interpreter's own Python and torchvision are not in question).
    public var problems: [ChainLink]
    public var notes: [Note]
    public var links: [ChainLink]
    /// Fixes for this environment on this host (the best stack to reinstall, from the fix engine).
    public var fixes: [Fix]

    enum CodingKeys: String, CodingKey { case python, torch, variant, compatible, problems, notes, links, fixes }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(python, forKey: .python)
        try c.encode(torch, forKey: .torch)
        try c.encode(variant, forKey: .variant)
        try c.encode(compatible, forKey: .compatible)
        try c.encode(problems, forKey: .problems)
        try c.encode(notes.map(\.key), forKey: .notes)
        try c.encode(links, forKey: .links)
        try c.encode(fixes, forKey: .fixes)
    }
}

extension InstalledVerdict.Note {
    /// Stable key in JSON.
    public var key: String {
        switch self {
        case .unknownRelease: "unknown_release"
        case .unknownBuild: "unknown_build"
        case .cpuBuildOnGPUHost: "cpu_build_on_gpu_host"
        case .cudaUnavailable: "cuda_unavailable"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(key)
    }
}
