import DLEnvCore

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
        /// A Docker Official `python:<exact>-slim-<debian>` image, for Pythons uv cannot install.
        case pythonImage = "python_image"
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

/// Pythons that uv cannot install, and the Docker Official Image that carries each one's final release instead.
///
/// uv's managed downloads start at 3.8: `uv python install 3.7` fails with "No download found", and uv's
/// maintainers will not add 3.7 back (astral-sh/uv#8213, 2024-10 to 2026-01; confirmed for uv 0.8.17 and 0.11.14
/// by downstream tests). The `python` images keep their EOL tags; these are the final releases of each line
/// (3.7.17: 2023-06, 3.6.15: 2021-09, 3.5.10: 2020-09) on the newest Debian each was built for, tags in wide use
/// in public Dockerfiles.
public enum OfficialPythonImages {
    /// The oldest Python uv downloads.
    public static let uvDownloadFloor = Version(3, 8)
    /// Python release → (exact version, image reference, OS).
    public static let images: [String: (exact: String, reference: String, os: String)] = [
        "3.7": ("3.7.17", "python:3.7.17-slim-bookworm", "debian12"),
        "3.6": ("3.6.15", "python:3.6.15-slim-bullseye", "debian11"),
        "3.5": ("3.5.10", "python:3.5.10-slim-buster", "debian10"),
    ]
}
