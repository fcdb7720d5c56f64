import DLEnvCore
import DLEnvMatrix

/// Spec + matrix (+ an optional target override) → `RecipePlan`: the resolver picks the stack, the chooser picks
/// the base image, and a spec the target cannot run is refused with the resolver's reasons and fixes.
public enum RecipePlanner {
    /// Plans `spec`. `target` replaces the spec's own target (the fleet generator plans one image per GPU type).
    ///
    /// Throws `DiagnosticsError` for bad input (an unknown GPU name, an unknown accelerator: exit 2) and
    /// `RecipeRefusal` when no stack runs on the target (exit 1).
    public static func plan(
        _ spec: Spec, matrix: CompatibilityMatrix, target: Spec.Target? = nil, specFile: String = "dlenv.yaml",
        dlenvVersion: String
    ) throws -> RecipePlan {
        let target = target ?? spec.target
        let request = try request(for: spec, target: target, matrix: matrix, file: specFile)
        let resolution = matrix.resolve(request.request)
        let stacks = resolution.stacks.filter { companionsFit($0, spec) }
        guard var stack = stacks.first else {
            throw refusal(spec: spec, request: request.request, resolution: resolution, matrix: matrix)
        }
        if spec.python == nil { stack = defaultPython(stack, request: request.request, matrix: matrix) }
        if spec.torchvision == .none { stack.torchvision = nil }
        if spec.torchaudio == .none { stack.torchaudio = nil }
        if let python = spec.python { stack.python = python.majorMinor }
        let base: (image: BaseImageChoice, warnings: [Diagnostic])
        switch BaseImageChooser.choose(stack: stack, buildExtensions: spec.buildExtensions, matrix: matrix) {
        case .success(let chosen): base = chosen
        case .failure(let refusal): throw refusal
        }
        if base.image.kind == .pythonImage, let asked = spec.python, asked.components.count >= 3,
            let exact = OfficialPythonImages.images[asked.majorMinor]?.exact, asked.text != exact
        {
            throw RecipeRefusal(
                summary: "Python \(asked.text) cannot be installed exactly",
                reasons: [
                    Diagnostic(
                        .error, "uv cannot install Python \(asked.majorMinor); its official image carries \(exact)",
                        at: spec.locations["python"], remedy: "write python: \"\(asked.majorMinor)\" (gives \(exact))")
                ])
        }
        let identified = identifiedGPUs(request.request.gpus, matrix: matrix)
        var warnings = base.warnings
        // The resolver notes an unchecked driver floor whenever CUDA builds were candidates; it matters only when
        // the chosen build is a CUDA one.
        let notes = resolution.notes.filter { stack.cuda != nil || !$0.contains("driver") }
        warnings += notes.map { Diagnostic(.note, $0) }
        if stack.variant != "cpu", target.gpus.isEmpty {
            warnings.append(
                Diagnostic(
                    .note, "no target GPUs: the image is not checked against any GPU architecture",
                    remedy: "list the fleet's GPUs under target.gpus"))
        }
        var plan = RecipePlan(
            spec: spec, stack: stack, baseImage: base.image, computeCapabilities: identified.capabilities,
            targetGPUs: target.gpus, specFile: specFile, dlenvVersion: dlenvVersion, warnings: warnings)
        plan.gfxTargets = identified.gfx
        return plan
    }

    /// The resolver request for a spec; bad accelerators and unknown GPU names are diagnostics with locations.
    static func request(for spec: Spec, target: Spec.Target, matrix: CompatibilityMatrix, file: String)
        throws(DiagnosticsError) -> (request: ResolveRequest, gpus: [GPURequirement])
    {
        var diagnostics: [Diagnostic] = []
        var accelerator = AcceleratorSpec.auto
        do {
            accelerator = try AcceleratorSpec(parsing: spec.accelerator)
        } catch {
            diagnostics += error.diagnostics.map { d in
                var d = d
                d.location = spec.locations["accelerator"] ?? SourceLocation(file: file)
                return d
            }
        }
        var gpus: [GPURequirement] = []
        for (i, name) in target.gpus.enumerated() {
            if let problem = GPUToken.rangeProblem(name, origin: "field 'target.gpus[\(i)]'") {
                diagnostics.append(
                    Diagnostic(
                        .error, problem.description,
                        at: spec.locations["target.gpus[\(i)]"] ?? spec.locations["target.gpus"],
                        remedy: "write a compute capability such as 8.0, or a GPU listed in matrices/gpus.yaml"))
            } else if let gpu = matrix.gpuRequirement(name, index: i) {
                gpus.append(gpu)
            } else {
                let suggestions = matrix.closestGPUNames(to: name)
                diagnostics.append(
                    Diagnostic(
                        .error, "field 'target.gpus[\(i)]': unknown GPU '\(name)'",
                        at: spec.locations["target.gpus[\(i)]"] ?? spec.locations["target.gpus"],
                        remedy: suggestions.isEmpty
                            ? "write a compute capability such as 8.0, or a GPU listed in matrices/gpus.yaml"
                            : "did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?"))
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
        var torchvision = VersionSpec.any
        if case .spec(let s) = spec.torchvision { torchvision = s }
        let request = ResolveRequest(
            torch: spec.torch, torchvision: torchvision, python: spec.python.flatMap { Version($0.majorMinor) },
            accelerator: accelerator, os: .linux, driver: target.driver, gpus: gpus)
        return (request, gpus)
    }

    /// Without a `python` key the image gets the newest regular Python the torch release supports, but not one
    /// newer than `pythonCeiling`: the resolver's newest Python (3.14 for torch 2.10) is often ahead of the wheels
    /// of the rest of a project's stack. A spec that wants a newer Python says so.
    public static let pythonCeiling = Version(3, 12)

    static func defaultPython(_ stack: Stack, request: ResolveRequest, matrix: CompatibilityMatrix) -> Stack {
        guard let version = Version(stack.torch), let (series, release) = matrix.torch(version) else { return stack }
        let regular = (release.python ?? series.python).compactMap(PythonTag.init).filter { !$0.freeThreaded }
        guard let chosen = regular.filter({ $0.version <= pythonCeiling }).max(), chosen.text != stack.python,
            let pin = try? VersionSpec(parsing: "==\(stack.torch)")
        else { return stack }
        var r = request
        r.python = chosen.version
        r.torch = pin
        r.accelerator = .variant(stack.variant)
        return matrix.resolve(r).stacks.first ?? stack
    }

    static func identifiedGPUs(_ gpus: [GPURequirement], matrix: CompatibilityMatrix) -> (
        capabilities: [String], gfx: [String]
    ) {
        var capabilities: [String] = []
        var gfx: [String] = []
        for gpu in gpus {
            if let cc = gpu.computeCapability, !capabilities.contains(cc.description) {
                capabilities.append(cc.description)
            }
            if let g = gpu.gfx, !gfx.contains(g) { gfx.append(g) }
        }
        return (
            capabilities.sorted {
                (ComputeCapability($0) ?? .init(major: 0, minor: 0))
                    < (ComputeCapability($1) ?? .init(major: 0, minor: 0))
            }, gfx.sorted()
        )
    }

    /// Whether the stack's torchvision / torchaudio satisfy the spec's explicit specs.
    static func companionsFit(_ stack: Stack, _ spec: Spec) -> Bool {
        if case .spec(let s) = spec.torchaudio {
            guard let a = stack.torchaudio.flatMap(Version.init), s.contains(a) else { return false }
        }
        if case .spec(let s) = spec.torchvision {
            guard let v = stack.torchvision.flatMap(Version.init), s.contains(v) else { return false }
        }
        return true
    }
}
