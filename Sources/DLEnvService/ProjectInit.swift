import DLEnvCore
import DLEnvMatrix
import DLEnvProbe
import DLEnvRecipe
import Foundation

/// `dlenv init`: a proposed dlenv.yaml for a project folder, from what the project says (requirements.txt,
/// pyproject.toml) and the machines it targets.
public enum ProjectInit {
    /// The machines the spec targets.
    public enum Target: Sendable {
        /// `--target FILE`: a saved probe report.
        case report(String)
        /// `--gpu`/`--driver`.
        case declared(gpus: [String], driver: String?)
        /// This host (or the files under `root`) as the probe sees it.
        case probe(root: String?)
        /// `--no-probe`: a CPU image.
        case none
    }

    /// The spec's text and the draft it renders (for the summary line).
    public static func propose(
        folder: String, target: Target, matrix: CompatibilityMatrix, dlenvVersion: String
    ) throws -> (text: String, draft: SpecWriter.Draft) {
        let url = URL(fileURLWithPath: folder)
        let facts = ProjectScanner.scan(
            requirements: try FileText.optional(url.appendingPathComponent("requirements.txt").path),
            pyproject: try FileText.optional(url.appendingPathComponent("pyproject.toml").path))
        let (spec, source) = try resolve(target)
        let draft = try InitPlanner.draft(
            facts: facts, folderName: url.standardizedFileURL.lastPathComponent, target: spec, targetSource: source,
            matrix: matrix, dlenvVersion: dlenvVersion)
        return (SpecWriter.render(draft), draft)
    }

    /// The spec's target and the words that say where it came from (nil: a CPU image).
    public static func resolve(_ target: Target) throws -> (Spec.Target, String?) {
        switch target {
        case .report(let path):
            return (InitPlanner.target(from: try SavedHostReport.read(path)), "the probe report \(path)")
        case .declared(let gpus, let driver):
            var spec = Spec.Target()
            for (i, gpu) in gpus.enumerated() {
                if let problem = FieldGuard.check(gpu, as: .gpu, field: "--gpu \(i + 1)", at: nil) {
                    throw DiagnosticsError(problem)
                }
                spec.gpus.append(gpu)
            }
            if let driver {
                guard FieldGuard.check(driver, as: .driverVersion, field: "--driver", at: nil) == nil,
                    let version = Version(driver)
                else {
                    throw DiagnosticsError(
                        Diagnostic(.error, "--driver '\(driver)' is not a driver version", remedy: "e.g. 535.104.05"))
                }
                spec.driver = version
            }
            return (spec, "--gpu/--driver")
        case .probe(let root):
            // Interpreters are not examined: init needs only the GPUs and the driver, and importing torch is slow.
            let options = ProbeOptions(pythons: [], searchPath: false, timeout: 5)
            let probed = InitPlanner.target(
                from: HostProbe(system: LiveSystem(root: root), options: options).run().facts)
            return (probed, probed.isEmpty ? nil : "probing \(root ?? "this host")")
        case .none: return (Spec.Target(), nil)
        }
    }
}
