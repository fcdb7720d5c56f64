import DLEnvCore

/// Minimum NVIDIA driver versions on Linux and Windows (nil where none is published).
public struct DriverFloor: Sendable, Hashable {
    public var linux: Version?
    public var windows: Version?

    public init(linux: Version?, windows: Version?) {
        self.linux = linux
        self.windows = windows
    }

    /// The floor for one OS (macOS has none).
    public func floor(for os: HostFacts.OS) -> Version? {
        switch os {
        case .linux: linux
        case .windows: windows
        case .macos: nil
        }
    }
}

/// A CUDA major (12): its minor-version-compatibility driver floor, if it has one (CUDA ≥ 11).
public struct CUDAMajor: Sendable, Hashable {
    public var major: Int
    public var minorVersionMinDriver: DriverFloor?
    public var provenance: Provenance
}

/// A CUDA toolkit minor ("12.4"): the capabilities it compiles for and its releases (GA and updates).
public struct CUDAToolkit: Sendable, Hashable {
    public var version: Version
    public var computeCapabilities: [ComputeCapability]
    /// Newest first, as in the file.
    public var releases: [CUDARelease]
    public var provenance: Provenance

    /// The GA release (label "GA"; the oldest release when none is labelled so).
    public var ga: CUDARelease? { releases.first { $0.label == "GA" } ?? releases.last }
    /// The newest capability it compiles for (also its newest PTX).
    public var newestCapability: ComputeCapability? { computeCapabilities.max() }
}

/// One toolkit release ("12.4.1", "Update 1") with the toolkit's own minimum driver (NVIDIA Table 3).
public struct CUDARelease: Sendable, Hashable {
    public var version: Version
    public var label: String
    public var minDriver: DriverFloor
    public var provenance: Provenance
}
