import DLEnvCore
import DLEnvMatrix

/// Chooses the image a Dockerfile starts from (the decision is explained in docs/recipe.md):
///
/// - CPU, CUDA and ROCm images start from a plain Ubuntu LTS image. PyTorch's CUDA wheels carry cudart, cuBLAS,
///   cuDNN and NCCL (as `nvidia-*` pip dependencies, or inside the wheel for old releases) and its ROCm wheels
///   carry the ROCm user-space libraries, so an `nvidia/cuda:*-runtime-*` image would only add a second copy of
///   those libraries and tie the build to a tag NVIDIA deletes six months after its EOL (reference/docker.md
///   §1.4, §2.3). PyTorch's own official image also starts from plain Ubuntu (§2.2).
/// - `build_extensions` needs nvcc and the CUDA headers: the newest supported `nvidia/cuda:<cuda>-devel-<os>` tag of
///   the wheel's CUDA minor from `matrices/images.yaml`, newest Ubuntu first. An EOL tag is used with a warning; a
///   deleted one, or none at all, refuses the spec.
public enum BaseImageChooser {
    /// Ubuntu releases in order of preference for devel images.
    static let preferredOS = ["ubuntu24.04", "ubuntu22.04", "ubuntu20.04", "ubuntu18.04"]

    /// The base image for `stack`, or a refusal with fixes.
    public static func choose(
        stack: Stack, buildExtensions: Bool, matrix: CompatibilityMatrix
    ) -> Result<(image: BaseImageChoice, warnings: [Diagnostic]), RecipeRefusal> {
        let isROCm = stack.rocm != nil || stack.variant.hasPrefix("rocm")
        let os = OSImages.defaultOS
        let plain = OSImages.references[os] ?? "ubuntu:24.04"
        if let python = Version(stack.python), python < OfficialPythonImages.uvDownloadFloor {
            return pythonImage(stack: stack, python: python, buildExtensions: buildExtensions)
        }
        if !buildExtensions {
            let reason: String
            if stack.variant == "cpu" {
                reason = "a CPU build needs only glibc"
            } else if isROCm {
                reason = "the ROCm wheels bundle the ROCm runtime; the host driver is reached through /dev/kfd"
            } else {
                reason = "the wheels bundle the CUDA runtime, cuDNN and NCCL; the container runtime mounts the driver"
            }
            return .success((BaseImageChoice(reference: plain, kind: .os, os: os, reason: reason), []))
        }
        if stack.variant == "cpu" {
            let reason = "a CPU build compiles extensions with the distribution's compiler (build-essential)"
            return .success((BaseImageChoice(reference: plain, kind: .os, os: os, reason: reason), []))
        }
        guard let cudaText = stack.cuda, let cuda = Version(cudaText) else {
            return .failure(
                RecipeRefusal(
                    summary: "build_extensions is not supported for \(stack.variant) images yet",
                    reasons: [
                        Diagnostic(
                            .error, "matrices/images.yaml lists no verified ROCm development image",
                            remedy: "set build_extensions: false, or build the extension in a CUDA or CPU image")
                    ]))
        }
        let candidates = matrix.baseImages(cuda: Version(cuda.majorMinor), flavor: "devel", cudnn: false)
            .filter { candidate in preferredOS.contains { candidate.tag.hasSuffix("-\($0)") } }
            .sorted { a, b in
                if a.image.status != b.image.status { return rank(a.image.status) < rank(b.image.status) }
                if a.image.cuda != b.image.cuda { return a.image.cuda > b.image.cuda }
                return osRank(a.tag) < osRank(b.tag)
            }
        guard let best = candidates.first, best.image.status != .deleted else {
            let newer = matrix.images.filter { $0.status == .supported && $0.flavors.contains("devel") }
                .map { $0.cuda.majorMinor }
            return .failure(
                RecipeRefusal(
                    summary: "no nvidia/cuda devel image exists for CUDA \(cuda.majorMinor)",
                    reasons: [
                        Diagnostic(
                            .error,
                            "build_extensions needs nvcc \(cuda.majorMinor), and matrices/images.yaml lists no "
                                + "\(cuda.majorMinor) devel tag that can still be pulled",
                            remedy:
                                "choose an accelerator whose CUDA has devel images (\(unique(newer).prefix(4).joined(separator: ", "))), "
                                + "or set build_extensions: false")
                    ]))
        }
        let os2 = preferredOS.first { best.tag.hasSuffix("-\($0)") } ?? os
        var warnings: [Diagnostic] = []
        if best.image.status == .eol {
            warnings.append(
                Diagnostic(
                    .warning,
                    "nvidia/cuda:\(best.tag) is end-of-life; NVIDIA deletes EOL tags about six months later",
                    remedy: "move to a torch variant whose CUDA has supported images"))
        }
        let choice = BaseImageChoice(
            reference: "nvidia/cuda:\(best.tag)", kind: .cudaDevel, os: os2, status: best.image.status.rawValue,
            reason: "build_extensions needs nvcc and headers of CUDA \(cuda.majorMinor), the wheel's CUDA")
        return .success((choice, warnings))
    }

    /// Pythons older than uv's download floor come with their own official image (`OfficialPythonImages`).
    static func pythonImage(stack: Stack, python: Version, buildExtensions: Bool) -> Result<
        (image: BaseImageChoice, warnings: [Diagnostic]), RecipeRefusal
    > {
        guard let image = OfficialPythonImages.images[python.majorMinor] else {
            return .failure(
                RecipeRefusal(
                    summary: "no supported way to install Python \(python.majorMinor)",
                    reasons: [
                        Diagnostic(
                            .error,
                            "uv installs Python 3.8 and newer, and dlenv knows no official image for \(python.majorMinor)",
                            remedy: "choose Python 3.5 or newer")
                    ]))
        }
        if buildExtensions, stack.variant != "cpu" {
            return .failure(
                RecipeRefusal(
                    summary: "build_extensions with Python \(python.majorMinor) is not supported",
                    reasons: [
                        Diagnostic(
                            .error,
                            "an nvidia/cuda devel image has no Python \(python.majorMinor), and uv cannot install it there",
                            remedy: "build the extension with Python 3.8 or newer, or set build_extensions: false")
                    ]))
        }
        var reason = "uv cannot install Python \(python.majorMinor), so the official image brings \(image.exact)"
        if stack.variant != "cpu" { reason += "; the wheels bundle the GPU runtime" }
        return .success(
            (BaseImageChoice(reference: image.reference, kind: .pythonImage, os: image.os, reason: reason), []))
    }

    static func rank(_ status: ImageStatus) -> Int {
        switch status {
        case .supported: 0
        case .unknown: 1
        case .eol: 2
        case .deleted: 3
        }
    }

    static func osRank(_ tag: String) -> Int {
        preferredOS.firstIndex { tag.hasSuffix("-\($0)") } ?? preferredOS.count
    }

    static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }
}
