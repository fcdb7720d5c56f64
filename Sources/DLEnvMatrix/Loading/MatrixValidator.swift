import DLEnvCore

/// Rules that join files: references from torch.yaml and images.yaml into cuda.yaml, arch lists against what the
/// variant's toolkit can compile, and the torchvision pairing rule.
struct MatrixValidator {
    let matrix: CompatibilityMatrix

    func crossFileDiagnostics() -> [Diagnostic] {
        var out: [Diagnostic] = []
        guard !matrix.toolkits.isEmpty else { return out }
        for series in matrix.series {
            for variant in series.variants { out += check(variant, of: series) }
            for release in series.releases {
                if let d = torchvisionDiagnostic(release) { out.append(d) }
            }
            if let v = series.variant(series.pypiDefault), !v.os.contains(.linux) {
                out.append(
                    Diagnostic(
                        .error, "pypi_default \(v.name) of series \(series.series) has no Linux wheels",
                        at: series.provenance.location, remedy: "PyPI's default is the Linux x86_64 wheel's variant"))
            }
        }
        for image in matrix.images where matrix.cudaRelease(image.cuda) == nil {
            out.append(
                Diagnostic(
                    .error, "image \(image.cuda) names CUDA \(image.cuda), which cuda.yaml does not list",
                    at: image.provenance.location,
                    remedy: "add CUDA \(image.cuda) to matrices/cuda.yaml or fix the version"))
        }
        for gpu in matrix.gpus {
            guard let cc = gpu.computeCapability else { continue }
            if !matrix.toolkits.contains(where: { $0.computeCapabilities.contains(cc) }) {
                out.append(
                    Diagnostic(
                        .error, "GPU \(gpu.name) has capability \(cc), which no toolkit in cuda.yaml compiles for",
                        at: gpu.provenance.location, remedy: "fix the capability or add it to a toolkit"))
            }
        }
        let majors = Set(matrix.cudaMajors.map(\.major))
        for toolkit in matrix.toolkits where !majors.contains(toolkit.version.major) {
            out.append(
                Diagnostic(
                    .error, "CUDA \(toolkit.version) has no entry under majors", at: toolkit.provenance.location,
                    remedy: "add major \(toolkit.version.major) with its minor-version-compatibility floor"))
        }
        return out
    }

    func check(_ variant: TorchVariant, of series: TorchSeries) -> [Diagnostic] {
        guard let cuda = variant.cuda else { return [] }
        let at = variant.provenance.location
        guard let toolkit = matrix.toolkit(cuda) else {
            let known = matrix.toolkits.map { $0.version.text }
            let hint = closest(to: cuda.text, in: known, limit: 2)
            return [
                Diagnostic(
                    .error,
                    "variant \(variant.name) of torch \(series.series) names CUDA \(cuda), which cuda.yaml does not list",
                    at: at,
                    remedy: hint.isEmpty
                        ? "add CUDA \(cuda) to matrices/cuda.yaml" : "known nearby: \(hint.joined(separator: ", "))")
            ]
        }
        var out: [Diagnostic] = []
        let supported = Set(toolkit.computeCapabilities)
        for entry in variant.archEntries where !supported.contains(entry.capability) {
            out.append(
                Diagnostic(
                    .error,
                    "arch \(entry) of torch \(series.series)+\(variant.name) is not something CUDA \(toolkit.version) can compile (it supports \(toolkit.computeCapabilities.first.map(\.sm) ?? "?") … \(toolkit.newestCapability.map(\.sm) ?? "?"))",
                    at: at,
                    remedy:
                        "check the arch list against get_arch_list() of the wheel, or the toolkit's capabilities in cuda.yaml"
                ))
        }
        return out
    }

    /// torchvision minor = torch minor + 15 within 2.x; 1.x by the torchvision README table. A release with a
    /// `note` may deviate (the note says why).
    func torchvisionDiagnostic(_ release: TorchRelease) -> Diagnostic? {
        guard let text = release.torchvision, let tv = Version(text), release.provenance.note == nil else { return nil }
        guard let expected = Self.expectedTorchvisionMinor(torch: release.version) else { return nil }
        if tv.major == 0, tv.minor == expected { return nil }
        return Diagnostic(
            .error,
            "torch \(release.version) pairs with torchvision \(text), but the release rule gives 0.\(expected).x",
            at: release.provenance.location,
            remedy: "fix the torchvision version, or add a 'note:' to the release that says why it deviates")
    }

    /// The torchvision minor a torch release pairs with (shared/reference/compat.md §2.1), nil where no rule holds.
    static func expectedTorchvisionMinor(torch: Version) -> Int? {
        switch torch.major {
        case 2: return torch.minor + 15
        case 1:
            // <=1.0 → 0.2, 1.1 → 0.3, 1.2/1.3 → 0.4, then 1.x → 0.(x+1) from 1.4 on.
            switch torch.minor {
            case 0: return 2
            case 1: return 3
            case 2, 3: return 4
            default: return torch.minor + 1
            }
        default: return nil
        }
    }
}
