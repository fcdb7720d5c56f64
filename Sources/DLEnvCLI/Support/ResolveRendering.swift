import DLEnvCore
import DLEnvMatrix
import DLEnvService

/// The human form of a resolution: the stacks as a table, then the rejected candidates with their reasons.
enum ResolveRendering {
    static let shown = 10

    static func render(_ r: Resolution, request: ResolveRequest, all: Bool) -> String {
        var out: [String] = [header(request)]
        if r.stacks.isEmpty {
            out.append("No compatible stack.")
        } else {
            let stacks = all ? r.stacks : Array(r.stacks.prefix(shown))
            let rows = stacks.enumerated().map { i, s in
                [
                    "\(i + 1)", s.torch, s.torchvision ?? "-", s.torchaudio ?? "-", s.python, s.variant,
                    s.cuda ?? s.rocm ?? "-", s.cudnn ?? "-", s.pypiDefault ? "PyPI (default)" : (s.indexURL ?? "-"),
                ]
            }
            out.append(
                MatrixTables.table(
                    ["#", "torch", "torchvision", "torchaudio", "python", "variant", "cuda", "cudnn", "index"], rows))
            if stacks.count < r.stacks.count {
                out.append("… and \(r.stacks.count - stacks.count) more stacks (--all, or --json)")
            }
        }
        if !r.rejected.isEmpty {
            out.append("")
            out.append("Rejected (\(r.rejected.count)):")
            let rejected = all || r.stacks.isEmpty ? r.rejected : Array(r.rejected.prefix(shown))
            for rejection in rejected.prefix(all ? Int.max : 3 * shown) {
                out.append("  \(rejection.candidate)")
                for reason in rejection.reasons { out.append("    - \(reason)") }
            }
            let listed = min(rejected.count, all ? Int.max : 3 * shown)
            if listed < r.rejected.count {
                out.append("  … and \(r.rejected.count - listed) more (--all, or --json)")
            }
        }
        for note in r.notes { out.append("note: \(note)") }
        return out.joined(separator: "\n")
    }

    static func header(_ request: ResolveRequest) -> String {
        var parts = ["torch \(request.torch)", request.os.rawValue, "accelerator \(request.accelerator)"]
        if let python = request.python { parts.append("Python \(python)") }
        if let driver = request.driver { parts.append("driver \(driver)") }
        for gpu in request.gpus {
            parts.append(
                gpu.name != nil ? gpu.computeCapability.map { "\(gpu.label) [\($0)]" } ?? gpu.label : gpu.label)
        }
        return "Stacks for " + parts.joined(separator: ", ") + ":"
    }
}

extension ResolveRendering {
    /// Lines under the resolve table: which listed stacks were verified on which GPUs.
    static func verified(_ stacks: [Stack], _ marks: VerifiedMarks) -> String {
        var lines: [String] = []
        for (i, s) in stacks.enumerated() {
            let m = marks.marks(for: s)
            guard !m.isEmpty else { continue }
            let what = m.map { "\($0.gpu) (driver \($0.driver)) \($0.passed ? "passed" : "FAILED")" }
            lines.append("  \(i + 1). \(VerifiedMarks.key(s)): \(what.joined(separator: "; "))")
        }
        guard !lines.isEmpty else { return "" }
        return "\nVerified on hardware (dlenv fleet collect):\n" + lines.joined(separator: "\n") + "\n"
    }
}
