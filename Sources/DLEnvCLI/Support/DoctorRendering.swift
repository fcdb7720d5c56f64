import DLEnvCore
import DLEnvMatrix
import DLEnvService
import Foundation

/// Human output of `dlenv doctor` (and the environments section of `dlenv check`).
enum DoctorRendering {
    static func render(_ d: Diagnosis) -> String {
        var out = "== host\n"
        var probe = d.host
        probe.facts.warnings = []
        out += ProbeRendering.render(probe)
        out += "\n== installed torch\n"
        out += d.installed.isEmpty ? "  none found\n" : ProbeCheckRendering.installed(d.installed)
        out += environments(d.environments)
        out += "\n== best stack for this host\n"
        if let b = d.best {
            let s = b.stack
            out += "  torch \(s.torch)+\(s.variant), torchvision \(s.torchvision ?? "-"), Python \(s.python)"
            if let cuda = s.cuda { out += ", CUDA \(cuda)" }
            if let floor = s.minDriverLinux { out += " (driver ≥ \(floor))" }
            out += "\n  \(b.pip)\n"
            if let p = b.python { out += "  (for \(p))\n" }
        } else {
            out += "  none: no stack in the matrix runs on this host\n"
        }
        out += "\n== quick verification\n"
        if let v = d.verification {
            out +=
                v.passed
                ? "  passed: \(v.workloads) workloads passed on dlenv's tensor core in \(String(format: "%.1f", v.seconds)) s\n"
                : "  FAILED: \(v.failures.joined(separator: "; "))\n"
        } else {
            out += "  skipped (--no-verify); run it with: dlenv verify --quick\n"
        }
        out += list("notes", d.notes.map { "- \($0)" }, empty: nil)
        out += list("fixes", fixes(d).enumerated().map { "\($0 + 1). \($1)" }, empty: "none needed")
        return out
    }

    /// The numbered "fixes" list: what is broken (links, findings), then the typed fixes, host warnings and a
    /// failed verification.
    static func fixes(_ d: Diagnosis) -> [String] {
        var lines = d.installed.filter { !$0.compatible }.flatMap(ProbeCheckRendering.problems)
        for v in d.environments {
            let label = v.interpreter ?? v.target
            lines += v.findings.filter { $0.severity != .note }.map { "\(label): \($0.detail)" }
        }
        lines += d.fixes.map { f in
            "in \(f.environment): \(InspectRendering.fix(f.fix, torch: f.torch.flatMap(Version.init)?.withoutLocal))"
        }
        lines += d.host.facts.warnings
        if let v = d.verification, !v.passed {
            lines.append("quick verification failed: \(v.failures.joined(separator: "; "))")
        }
        return lines
    }

    /// The "== environments" section.
    static func environments(_ verdicts: [InspectionVerdict]) -> String {
        guard !verdicts.isEmpty else { return "" }
        var out = "\n== environments (read from their files: dlenv inspect)\n"
        for v in verdicts {
            out += "  \(v.interpreter ?? v.target)" + (v.torch.map { ": torch \($0)" } ?? ": no torch") + "\n"
            out += InspectRendering.verdictLines(v)
        }
        return out
    }

    /// A "== title" section of lines, or of `empty` when there are none (no section when `empty` is nil).
    static func list(_ title: String, _ lines: [String], empty: String?) -> String {
        guard !lines.isEmpty || empty != nil else { return "" }
        return "\n== \(title)\n" + (lines.isEmpty ? [empty!] : lines).map { "  \($0)\n" }.joined()
    }
}
