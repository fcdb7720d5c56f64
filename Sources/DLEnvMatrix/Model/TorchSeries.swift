import DLEnvCore

/// One torch minor line ("2.4") from `matrices/torch.yaml`: its Python versions, wheel variants and releases.
public struct TorchSeries: Sendable, Hashable {
    public var series: Version
    /// Linux wheels' Python versions; free-threaded builds as "3.13t".
    public var python: [String]
    /// Windows wheels' Python versions when they differ.
    public var pythonWindows: [String]?
    /// The variant of PyPI's plain Linux x86_64 wheel.
    public var pypiDefault: String
    public var variants: [TorchVariant]
    public var releases: [TorchRelease]
    public var provenance: Provenance

    /// The variant named `name`.
    public func variant(_ name: String) -> TorchVariant? { variants.first { $0.name == name } }
}

/// A wheel variant of a torch series: "cu121", "cpu", "rocm6.1".
public struct TorchVariant: Sendable, Hashable {
    /// What the variant runs on.
    public enum Kind: Sendable, Hashable {
        case cuda(Version)
        case rocm(Version)
        case cpu
    }

    public var name: String
    public var kind: Kind
    public var cudnn: String?
    public var nccl: String?
    /// Compiled architectures: "sm_86", "compute_90" (PTX); ROCm: gfx targets. Empty for CPU.
    public var arch: [String] {
        didSet { archEntries = arch.compactMap(ArchEntry.init) }
    }
    /// The package index; https://download.pytorch.org/whl/<name> unless the file says otherwise.
    public var indexURL: String
    /// Whether `indexURL` is a `-f` find-links page (old releases).
    public var findLinks: Bool
    public var os: [HostFacts.OS]
    public var provenance: Provenance

    /// The CUDA version, if a CUDA variant.
    public var cuda: Version? {
        if case .cuda(let v) = kind { return v }
        return nil
    }
    /// The ROCm version, if a ROCm variant.
    public var rocm: Version? {
        if case .rocm(let v) = kind { return v }
        return nil
    }
    /// Parsed SASS/PTX entries of a CUDA variant's arch list (kept in step with `arch`).
    public private(set) var archEntries: [ArchEntry]

    public init(
        name: String, kind: Kind, cudnn: String? = nil, nccl: String? = nil, arch: [String] = [],
        indexURL: String? = nil, findLinks: Bool = false, os: [HostFacts.OS]? = nil, provenance: Provenance
    ) {
        self.name = name
        self.kind = kind
        self.cudnn = cudnn
        self.nccl = nccl
        self.arch = arch
        self.archEntries = arch.compactMap(ArchEntry.init)
        self.indexURL = indexURL ?? Self.defaultIndexURL(for: name)
        self.findLinks = findLinks
        if let os {
            self.os = os
        } else if case .rocm = kind {
            self.os = [.linux]
        } else {
            self.os = [.linux, .windows]
        }
        self.provenance = provenance
    }

    /// The index the variant would have by the naming rule (compat.md §6).
    public static func defaultIndexURL(for name: String) -> String { "https://download.pytorch.org/whl/\(name)" }

    /// The tag a CUDA version gets: "cu" + version without the dot ("12.1" → "cu121").
    public static func cudaTag(_ version: Version) -> String { "cu\(version.major)\(version.minor)" }
}

/// One torch release ("2.4.1").
public struct TorchRelease: Sendable, Hashable {
    public var version: Version
    public var released: String?
    public var torchvision: String?
    public var torchaudio: String?
    /// A subset of the series' variants, when this release shipped fewer.
    public var variants: [String]?
    /// Overrides the series' Python list.
    public var python: [String]?
    /// Overrides every variant's index for this release (e.g. the 1.8.2 LTS, never on PyPI); "{variant}" stands
    /// for the variant's name. A release with its own index has no PyPI default.
    public var indexURL: String? = nil
    public var provenance: Provenance

    /// The index of one of its variants: the release's own (with "{variant}" filled in), else the variant's.
    public func indexURL(for variant: TorchVariant) -> String {
        indexURL.map { $0.replacingOccurrences(of: "{variant}", with: variant.name) } ?? variant.indexURL
    }
}

/// A Python version as wheels name it: "3.12", or "3.13t" for a free-threaded build.
public struct PythonTag: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let version: Version
    public let freeThreaded: Bool
    public let text: String

    public init?(_ text: String) {
        let t = text.trimmingSpaces
        let ft = t.hasSuffix("t")
        guard let v = Version(ft ? String(t.dropLast()) : t), v.components.count == 2, v.local == nil,
            v.prerelease == nil
        else { return nil }
        self.version = v
        self.freeThreaded = ft
        self.text = t
    }

    public var description: String { text }

    public static func < (a: PythonTag, b: PythonTag) -> Bool {
        a.version != b.version ? a.version < b.version : (!a.freeThreaded && b.freeThreaded)
    }
}
