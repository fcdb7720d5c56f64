import DLEnvCore

extension CompatibilityMatrix {
    /// The series a torch version belongs to.
    public func series(of version: Version) -> TorchSeries? {
        series.first { $0.series.major == version.major && $0.series.minor == version.minor }
    }

    /// A torch release and its series ("2.4.1"; "2.4" means the newest release of the series).
    public func torch(_ version: Version) -> (series: TorchSeries, release: TorchRelease)? {
        guard let s = series(of: version) else { return nil }
        if version.components.count <= 2 { return s.releases.first.map { (s, $0) } }
        return s.releases.first { $0.version == version }.map { (s, $0) }
    }

    /// Every torch release, newest first.
    public var torchReleases: [(series: TorchSeries, release: TorchRelease)] {
        series.flatMap { s in s.releases.map { (s, $0) } }
    }

    /// The variants a release ships (its own subset, or the series').
    public func variants(of release: TorchRelease, in series: TorchSeries) -> [TorchVariant] {
        guard let names = release.variants else { return series.variants }
        return series.variants.filter { names.contains($0.name) }
    }

    /// A toolkit minor ("12.4", or the minor of "12.4.1").
    public func toolkit(_ version: Version) -> CUDAToolkit? {
        toolkits.first { $0.version.major == version.major && $0.version.minor == version.minor }
    }

    /// A toolkit release: "12.4.1", or "12.4" meaning its GA release.
    public func cudaRelease(_ version: Version) -> CUDARelease? {
        guard let t = toolkit(version) else { return nil }
        if version.components.count <= 2 { return t.ga }
        return t.releases.first { $0.version == version }
    }

    /// `cuda(_:)`: the toolkit and one release of it (see `cudaRelease`).
    public func cuda(_ version: Version) -> (toolkit: CUDAToolkit, release: CUDARelease)? {
        guard let t = toolkit(version), let r = cudaRelease(version) else { return nil }
        return (t, r)
    }

    /// The major entry of a CUDA version.
    public func cudaMajor(_ major: Int) -> CUDAMajor? { cudaMajors.first { $0.major == major } }

    /// The driver a wheel built with CUDA `version` needs on `os`: the major's minor-version-compatibility floor
    /// (CUDA ≥ 11), else the toolkit's own GA driver. `viaMinorVersionCompatibility` says which.
    public func requiredDriver(cuda version: Version, os: HostFacts.OS) -> (
        version: Version, viaMinorVersionCompatibility: Bool
    )? {
        if let floor = cudaMajor(version.major)?.minorVersionMinDriver?.floor(for: os) { return (floor, true) }
        if let own = cudaRelease(Version(version.majorMinor) ?? version)?.minDriver.floor(for: os) {
            return (own, false)
        }
        return nil
    }

    /// A GPU by its exact name or an alias, case-insensitively; nil when unknown.
    public func gpu(named name: String) -> GPUModel? {
        let key = name.trimmingSpaces.lowercased()
        return gpus.first { $0.name.lowercased() == key || $0.aliases.contains { $0.lowercased() == key } }
    }

    /// The closest known GPU names (names and aliases) for an unknown one.
    public func closestGPUNames(to name: String, limit: Int = 3) -> [String] {
        // Edit distance is quadratic: a 100,000-character text is no misspelt GPU name (issue #18).
        guard name.utf8.count <= GPUToken.maximumLength else { return [] }
        let all = gpus.flatMap { [$0.name] + $0.aliases }
        var result = closest(to: name, in: all, limit: limit)
        if result.isEmpty {
            // Fall back to the names that share the most words ("3090" → "NVIDIA GeForce RTX 3090").
            let words = Set(name.lowercased().split(separator: " ").map(String.init))
            result =
                all.map { n in (n, Set(n.lowercased().split(separator: " ").map(String.init)).intersection(words).count)
                }
                .filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }.prefix(limit).map(\.0)
        }
        return result
    }

    /// The architecture name of a capability ("8.6" → "Ampere").
    public func architecture(of cc: ComputeCapability) -> String? {
        architectures.first { $0.computeCapabilities.contains(cc) }?.name
    }

    /// `nvidia/cuda` tags, optionally for one CUDA version (a minor means its newest listed patch), OS, flavour.
    public func baseImages(cuda: Version? = nil, os: String? = nil, flavor: String? = nil, cudnn: Bool? = nil)
        -> [(image: BaseImage, tag: String)]
    {
        var result: [(BaseImage, String)] = []
        for image in images {
            if let cuda {
                if cuda.components.count <= 2 {
                    guard image.cuda.major == cuda.major, image.cuda.minor == cuda.minor else { continue }
                } else if image.cuda != cuda {
                    continue
                }
            }
            for tag in image.tags {
                if let os, !tag.hasSuffix("-\(os)") { continue }
                if let flavor, !tag.contains("-\(flavor)-") { continue }
                if let cudnn, tag.contains("-cudnn") != cudnn { continue }
                result.append((image, tag))
            }
        }
        return result
    }

    /// Nearest known versions to an unknown one (same major first, then by distance), for "did you mean".
    public static func nearest(_ version: Version, in known: [Version], limit: Int = 3) -> [Version] {
        func distance(_ v: Version) -> Int {
            var d = 0
            for i in 0..<3 { d = d * 1000 + abs(v[i] - version[i]) }
            return d
        }
        return known.sorted { distance($0) < distance($1) }.prefix(limit).map { $0 }
    }
}
