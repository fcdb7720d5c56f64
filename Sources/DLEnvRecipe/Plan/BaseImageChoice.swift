/// The image a generated Dockerfile starts `FROM`, and why dlenv chose it.
///
/// PyTorch's CUDA and ROCm wheels bundle their GPU runtime (cudart, cuBLAS, cuDNN, NCCL come in as pip
/// dependencies or inside the wheel; reference/docker.md §2.3), so a runtime image needs only glibc and the
/// host driver, which the container runtime injects. dlenv therefore starts from a plain OS image unless the
/// spec builds extensions, which need nvcc and the CUDA headers of an `nvidia/cuda:*-devel-*` image.
public struct BaseImageChoice: Sendable, Hashable, Codable {
    /// Which family the image belongs to.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A plain distribution image (`ubuntu:24.04`).
        case os
        /// `nvidia/cuda:<ver>-devel-<os>`: nvcc and headers, for `build_extensions`.
        case cudaDevel = "cuda_devel"
        /// `nvidia/cuda:<ver>-runtime-<os>`.
        case cudaRuntime = "cuda_runtime"
    }

    /// Registry-less reference as published: `ubuntu:24.04`, `nvidia/cuda:12.6.3-devel-ubuntu24.04`.
    public var reference: String
    public var kind: Kind
    /// The OS in the matrices' spelling ("ubuntu24.04").
    public var os: String
    /// Support status from `matrices/` ("supported", "eol"), nil for plain OS images.
    public var status: String?
    /// One sentence: why this image.
    public var reason: String

    public init(reference: String, kind: Kind, os: String, status: String? = nil, reason: String) {
        self.reference = reference
        self.kind = kind
        self.os = os
        self.status = status
        self.reason = reason
    }

    /// The fully qualified name (`docker.io/library/ubuntu:24.04`), or the same path under a mirror registry.
    public func qualified(mirror: String?) -> String {
        Self.qualify(reference, mirror: mirror)
    }

    /// Qualifies a Docker Hub or other registry reference; with a mirror, the registry host is replaced.
    public static func qualify(_ reference: String, mirror: String?) -> String {
        let first = reference.split(separator: "/").first.map(String.init) ?? reference
        let hasRegistry = reference.contains("/") && (first.contains(".") || first.contains(":"))
        var path = reference
        var registry = "docker.io"
        if hasRegistry {
            registry = first
            path = String(reference.dropFirst(first.count + 1))
        } else if !reference.contains("/") {
            path = "library/" + reference
        }
        return "\(mirror ?? registry)/\(path)"
    }
}

/// Plain OS images dlenv starts from. Standard-support end dates from https://ubuntu.com/about/release-cycle
/// (24.04 LTS: standard support to 2029-05, 22.04 LTS: to 2027-06); glibc versions from the Ubuntu archive
/// (noble: 2.39, jammy: 2.35). Both are newer than every manylinux tag torch wheels use (manylinux_2_28 at most).
public enum OSImages {
    /// The default: the newest LTS.
    public static let defaultOS = "ubuntu24.04"
    /// OS spelling ("ubuntu24.04") → Docker Hub reference.
    public static let references: [String: String] = [
        "ubuntu24.04": "ubuntu:24.04",
        "ubuntu22.04": "ubuntu:22.04",
    ]
}
