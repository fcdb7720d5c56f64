import DLEnvCore
import DLEnvMatrix

extension RecipePlanner {
    /// The refusal for a spec no stack satisfies: the resolver's reasons for the best candidates, then fixes
    /// found by relaxing one constraint at a time (torch, accelerator, driver, each GPU) and resolving again.
    static func refusal(
        spec: Spec, request: ResolveRequest, resolution: Resolution, matrix: CompatibilityMatrix
    ) -> RecipeRefusal {
        var summary =
            "no stack for torch \(spec.torch.isAny ? "(any)" : spec.torch.text) with accelerator "
            + "\(spec.accelerator)"
        let targetText = describe(request)
        if !targetText.isEmpty { summary += " runs on the target (\(targetText))" }
        var reasons: [Diagnostic] = []
        for rejection in resolution.rejected.prefix(6) {
            reasons.append(
                Diagnostic(
                    .error, "\(rejection.candidate): \(rejection.reasons.joined(separator: "; "))",
                    at: spec.locations["torch"]))
        }
        if resolution.rejected.count > 6 {
            reasons.append(Diagnostic(.note, "\(resolution.rejected.count - 6) more candidates fail the same way"))
        }
        if resolution.rejected.isEmpty {
            if resolution.stacks.isEmpty {
                let known = matrix.torchReleases.map(\.release.version)
                let matching = known.filter { spec.torch.contains($0) }
                let message =
                    matching.isEmpty
                    ? "matrices/torch.yaml has no torch release matching '\(spec.torch.text)'"
                    : "no published variant of torch \(spec.torch.text) matches accelerator '\(spec.accelerator)'"
                reasons.append(
                    Diagnostic(.error, message, at: spec.locations[matching.isEmpty ? "torch" : "accelerator"]))
            } else {
                reasons.append(
                    Diagnostic(
                        .error, "no stack pairs torch with the torchvision/torchaudio the spec asks for",
                        at: spec.locations["torchaudio"] ?? spec.locations["torchvision"],
                        remedy: "set torchvision and torchaudio to auto"))
            }
        }
        reasons += fixes(spec: spec, request: request, matrix: matrix)
        return RecipeRefusal(summary: summary, reasons: reasons)
    }

    static func describe(_ request: ResolveRequest) -> String {
        var parts: [String] = []
        if let driver = request.driver { parts.append("driver \(driver)") }
        let gpus = request.gpus.map { g in g.name ?? g.computeCapability?.description ?? g.gfx ?? "?" }
        if !gpus.isEmpty { parts.append("GPUs \(gpus.joined(separator: ", "))") }
        return parts.joined(separator: "; ")
    }

    /// One note per constraint whose relaxation makes the spec resolvable: the fix engine's relaxations (torch,
    /// accelerator, driver, each GPU), placed at the spec's line for that constraint.
    static func fixes(spec: Spec, request: ResolveRequest, matrix: CompatibilityMatrix) -> [Diagnostic] {
        let fixes = FixEngine.relaxations(request: request, asked: spec.accelerator, matrix: matrix) {
            companionsFit($0, spec)
        }
        var out: [Diagnostic] = []
        for fix in fixes {
            guard let s = fix.stack else { continue }
            switch fix.kind {
            case .otherTorch:
                out.append(
                    Diagnostic(
                        .note, "torch \(s.torch) (\(s.variant)) runs on this target", at: spec.locations["torch"],
                        remedy: "set torch: \"\(Version(s.torch)?.majorMinor ?? s.torch)\""))
            case .otherAccelerator:
                out.append(
                    Diagnostic(
                        .note, "torch \(s.torch) is published as \(s.variant), which runs on this target",
                        at: spec.locations["accelerator"], remedy: "set accelerator: \(s.variant)"))
            case .upgradeDriver:
                let floor = fix.driver?.text ?? "?"
                out.append(
                    Diagnostic(
                        .note, "torch \(s.torch) (\(s.variant)) needs NVIDIA driver >= \(floor)",
                        at: spec.locations["target.driver"], remedy: "upgrade the fleet's driver to \(floor) or newer"))
            case .dropGPU:
                guard let gpu = fix.gpu else { continue }
                let i = gpu.index
                let label = gpu.name ?? gpu.capability?.description ?? gpu.gfx ?? "GPU \(i)"
                out.append(
                    Diagnostic(
                        .note,
                        "\(label)\(gpu.capability.map { " (compute capability \($0))" } ?? "") is what rules the stack out",
                        at: spec.locations["target.gpus[\(i)]"] ?? spec.locations["target.gpus"],
                        remedy: "build a separate image with an older torch for \(label), or drop it from target.gpus"))
            default:
                continue
            }
        }
        if out.isEmpty {
            out.append(
                Diagnostic(
                    .note, "no single change of torch, accelerator, driver or GPU list makes this spec resolvable",
                    remedy: "run `dlenv resolve` with the target's GPUs and driver to see every compatible stack"))
        }
        return out
    }
}
