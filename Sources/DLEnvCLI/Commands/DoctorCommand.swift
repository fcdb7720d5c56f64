import ArgumentParser
import DLEnvCore
import DLEnvMatrix
import DLEnvProbe
import DLEnvWorkloads
import Foundation

/// `dlenv doctor`: the main job on embedded defaults. Probe the host, check each installed torch, name the best
/// stack this host can run with the pip command that installs it, run a quick verification, and
/// list fixes. Works with no GPU, no Python and no network.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Probe this host, check installed torch, name the best stack and how to install it, list fixes.",
        discussion: "Exit codes: 0 no problem found; 1 an installed torch cannot run here; 2 bad input.")

    @OptionGroup var probe: ProbeFlags
    @OptionGroup var matrixOptions: MatrixOptions

    @Flag(help: "Skip the quick verification of dlenv's tensor core.")
    var noVerify = false

    @Flag(name: .customLong("import"), help: "Import torch in each interpreter (slow) instead of reading its files.")
    var importTorch = false

    func run() throws {
        let matrix = try matrixOptions.load()
        let (report, environments, notes) =
            importTorch ? (probe.makeReport(), [], []) : inspectedReport(matrix: matrix)
        var diagnosis = Self.diagnose(report, matrix: matrix, verify: !noVerify, environments: environments)
        diagnosis.notes += notes
        if matrixOptions.json {
            try Output.printJSON(diagnosis)
        } else {
            print(DoctorRendering.render(diagnosis, report: report), terminator: "")
        }
        if !diagnosis.healthy { throw ExitCode(ExitStatus.failed) }
    }

    /// What `dlenv doctor --json` prints.
    struct Diagnosis: Encodable {
        var healthy: Bool
        var host: ProbeReport
        var installed: [InstalledVerdict]
        /// Each environment read from its files (`dlenv inspect`'s verdicts); empty with --import.
        var environments: [InspectionVerdict]
        var best: Best?
        /// The quick verification on the core (see `quickVerification`); nil with --no-verify.
        var verification: QuickVerification?
        var fixes: [String]
        var notes: [String]
    }

    struct Best: Encodable {
        var stack: Stack
        var pip: String
        var python: String?
    }

    /// The result of the quick verification workloads.
    struct QuickVerification: Encodable {
        var passed: Bool
        var summary: String
    }

    // MARK: - Quick verification
    /// `dlenv verify --quick` on the embedded tensor core: every workload at small sizes, no twin, not stored.
    static func quickVerification(_ report: ProbeReport) -> QuickVerification {
        let v = VerifyRun.quick()
        let seconds = String(format: "%.1f", v.seconds)
        return QuickVerification(
            passed: v.passed,
            summary: v.passed
                ? "\(Workloads.all.count) workloads passed on dlenv's tensor core in \(seconds) s"
                : v.failures.joined(separator: "; "))
    }

    static func diagnose(
        _ report: ProbeReport, matrix: CompatibilityMatrix, verify: Bool = true, environments: [InspectionVerdict] = []
    ) -> Diagnosis {
        let facts = report.facts
        var request = ResolveRequest(host: facts)
        let installed = matrix.installed(host: facts, request: request) + environments.compactMap(\.installed)

        // The best stack for the first interpreter that runs (so the pip command installs into it).
        let python = facts.pythons.first { $0.version != nil }
        request.python = python?.version.flatMap(Version.init).flatMap { Version($0.majorMinor) }
        var notes: [String] = []
        var best = FixEngine.best(for: request, matrix: matrix)
        if best == nil, request.python != nil {
            notes.append("no stack supports Python \(request.python!.text); showing the best for any Python")
            request.python = nil
            best = FixEngine.best(for: request, matrix: matrix)
        }
        var fixes: [String] = []
        for check in installed where !check.compatible {
            fixes.append(contentsOf: ProbeCheckRendering.problems(check))
            fixes.append(contentsOf: ProbeCheckRendering.installedFixes([check]))
        }
        fixes += environmentFixes(environments)
        for w in facts.warnings { fixes.append(w) }
        if facts.pythons.isEmpty { notes.append("no Python interpreter found on PATH (pass --python PY)") }
        if facts.driver == nil, facts.gpus.isEmpty {
            notes.append("no NVIDIA GPU: CPU builds are what this host runs")
        }
        let verification = verify ? quickVerification(report) : nil
        if let v = verification, !v.passed { fixes.append("quick verification failed: \(v.summary)") }
        return Diagnosis(
            healthy: installed.allSatisfy(\.compatible) && environments.allSatisfy(\.consistent)
                && verification?.passed != false, host: report,
            installed: installed, environments: environments,
            best: best.map { Best(stack: $0, pip: $0.pipInstall, python: python?.path) },
            verification: verification, fixes: fixes, notes: notes)
    }
}

/// Human output of `dlenv doctor`.
enum DoctorRendering {
    static func render(_ d: DoctorCommand.Diagnosis, report: ProbeReport) -> String {
        var out = "== host\n"
        var probe = report
        probe.facts.warnings = []
        out += ProbeRendering.render(probe)
        out += "\n== installed torch\n"
        out += d.installed.isEmpty ? "  none found\n" : ProbeCheckRendering.installed(d.installed)
        out += DoctorCommand.environmentsSection(d.environments)
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
            out += "  \(v.passed ? "passed" : "FAILED"): \(v.summary)\n"
        } else {
            out += "  skipped (--no-verify); run it with: dlenv verify --quick\n"
        }
        if !d.notes.isEmpty {
            out += "\n== notes\n"
            for n in d.notes { out += "  - \(n)\n" }
        }
        out += "\n== fixes\n"
        if d.fixes.isEmpty { out += "  none needed\n" }
        for (i, f) in d.fixes.enumerated() { out += "  \(i + 1). \(f)\n" }
        return out
    }
}
