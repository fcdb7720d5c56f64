import DLEnvCore

/// Support status of an `nvidia/cuda` image set.
public enum ImageStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case supported, eol, deleted, unknown
}

/// The `nvidia/cuda` tags of one toolkit release: `<cuda>-[<cudnn_tag>-]<flavor>-<os>`.
public struct BaseImage: Sendable, Hashable {
    public var cuda: Version
    /// The cuDNN part of the tag ("cudnn8", "cudnn9", "cudnn"); nil when no cuDNN tags exist.
    public var cudnnTag: String?
    /// The cuDNN version inside the cudnn images, when known.
    public var cudnn: String?
    public var flavors: [String]
    public var cudnnFlavors: [String]
    public var os: [String]
    public var cudnnOS: [String]
    public var status: ImageStatus
    public var eol: String?
    public var provenance: Provenance

    /// Every tag of this entry (without the repository).
    public var tags: [String] {
        var result: [String] = []
        for os in self.os {
            for flavor in flavors { result.append("\(cuda.text)-\(flavor)-\(os)") }
            if let cudnnTag, cudnnOS.contains(os) {
                for flavor in cudnnFlavors { result.append("\(cuda.text)-\(cudnnTag)-\(flavor)-\(os)") }
            }
        }
        return result
    }

    /// The tag for one flavour and OS, with or without cuDNN; nil when NVIDIA publishes no such tag.
    public func tag(flavor: String, os: String, cudnn: Bool) -> String? {
        guard self.os.contains(os) else { return nil }
        if cudnn {
            guard let cudnnTag, cudnnOS.contains(os), cudnnFlavors.contains(flavor) else { return nil }
            return "\(cuda.text)-\(cudnnTag)-\(flavor)-\(os)"
        }
        return flavors.contains(flavor) ? "\(cuda.text)-\(flavor)-\(os)" : nil
    }
}
