import DLEnvCore
import DLEnvMatrix

/// `dlenv init`'s decisions: from the project's facts and a target (a probed host, a declared fleet, or none for
/// CPU), the spec to propose. The torch line and the accelerator are resolved now and written explicitly, so the
/// spec keeps meaning the same stack when the matrix grows.
public enum InitPlanner {
    /// The draft for a folder, or a refusal when no stack runs on the target.
    public static func draft(
        facts: ProjectFacts, folderName: String, target: Spec.Target, targetSource: String?,
        matrix: CompatibilityMatrix, dlenvVersion: String
    ) throws -> SpecWriter.Draft {
        var spec = Spec(name: SpecWriter.name(from: facts.name ?? folderName))
        var notes: [String] = []
        if let torch = facts.torchSpecs["torch"], let parsed = try? VersionSpec(parsing: torch) { spec.torch = parsed }
        for (key, keyPath) in [("torchvision", \Spec.torchvision), ("torchaudio", \Spec.torchaudio)] {
            if let text = facts.torchSpecs[key], let parsed = try? VersionSpec(parsing: text), !parsed.isAny {
                spec[keyPath: keyPath] = .spec(parsed)
            }
        }
        spec.accelerator = facts.variantHint ?? (target.isEmpty ? "cpu" : "auto")
        spec.target = target
        var plan = try RecipePlanner.plan(spec, matrix: matrix, dlenvVersion: dlenvVersion)
        if let requires = facts.requiresPython, let range = try? VersionSpec(parsing: requires),
            let current = Version(plan.stack.python), !range.contains(current)
        {
            for candidate in pythons(of: plan.stack, matrix: matrix) where range.contains(candidate) {
                var retry = spec
                retry.python = candidate
                if let replanned = try? RecipePlanner.plan(retry, matrix: matrix, dlenvVersion: dlenvVersion) {
                    plan = replanned
                    break
                }
            }
        }
        if let source = targetSource { notes.append("Target from \(source).") }
        if target.isEmpty {
            notes.append("No target GPUs: a CPU image. Add target.gpus and target.driver for a fleet.")
        }
        notes += facts.skipped.map { "Skipped: \($0)" }
        let torchText = facts.torchSpecs["torch"] ?? (Version(plan.stack.torch)?.majorMinor ?? plan.stack.torch)
        return SpecWriter.Draft(
            name: spec.name, python: plan.stack.python, torch: torchText,
            torchvision: facts.torchSpecs["torchvision"] ?? "auto",
            torchaudio: facts.torchSpecs["torchaudio"] ?? "auto",
            accelerator: plan.stack.variant, driver: target.driver?.text, gpus: target.gpus,
            requirements: facts.hasRequirementsFile ? "requirements.txt" : nil, pythonPackages: facts.dependencies,
            notes: notes)
    }

    /// The stack's release's regular Pythons, newest first.
    static func pythons(of stack: Stack, matrix: CompatibilityMatrix) -> [Version] {
        guard let version = Version(stack.torch), let (series, release) = matrix.torch(version) else { return [] }
        return (release.python ?? series.python).compactMap(PythonTag.init).filter { !$0.freeThreaded }
            .map(\.version).sorted(by: >)
    }

    /// A target from a probe report (`dlenv probe --json`): its driver and GPU models (a name, else the compute
    /// capability or gfx target), each model once.
    public static func target(from host: HostFacts) -> Spec.Target {
        var gpus: [String] = []
        for gpu in host.gpus {
            guard let label = gpu.name ?? gpu.computeCapability ?? gpu.gfx, !gpus.contains(label) else { continue }
            gpus.append(label)
        }
        return Spec.Target(driver: host.driver.flatMap { Version($0.version) }, gpus: gpus)
    }
}
