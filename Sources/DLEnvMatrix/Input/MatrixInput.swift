import DLEnvCore

/// Parsing of user-typed values (flags, declared hosts) against the matrix: every failure is bad input with a fix.
public enum MatrixInput {
    /// A dotted version without a local tag (a driver, a toolkit).
    public static func version(_ text: String, what: String, example: String) throws(DiagnosticsError) -> Version {
        guard let v = Version(text), v.local == nil else {
            throw DiagnosticsError(
                Diagnostic(
                    .error, "\(what) '\(text)' is not a version", remedy: "write a dotted version such as \(example)"))
        }
        return v
    }

    /// A version spec (`2.4`, `>=2.1,<2.4`); nil is any version.
    public static func spec(_ text: String?, what: String) throws(DiagnosticsError) -> VersionSpec {
        guard let text else { return .any }
        do { return try VersionSpec(parsing: text) } catch {
            throw DiagnosticsError(Diagnostic(.error, "\(what): \(error.description)", remedy: error.remedy))
        }
    }

    /// `--os linux` or `--os windows`.
    public static func os(_ text: String) throws(DiagnosticsError) -> HostFacts.OS {
        guard let os = HostFacts.OS(rawValue: text.lowercased()), os != .macos else {
            throw DiagnosticsError(
                Diagnostic(.error, "--os '\(text)' is not linux or windows", remedy: "pass --os linux or --os windows"))
        }
        return os
    }

    /// A `--gpu` value: a name from gpus.yaml, a compute capability ("8.6", "sm_86") or a gfx target.
    public static func gpu(_ text: String, index: Int, matrix: CompatibilityMatrix) throws(DiagnosticsError)
        -> GPURequirement
    {
        let t = text.trimmingSpaces
        if let problem = GPUToken.rangeProblem(t, origin: "--gpu") {
            throw DiagnosticsError(Diagnostic(.error, problem.description))
        }
        guard let gpu = matrix.gpuRequirement(t, index: index) else {
            let near = matrix.closestGPUNames(to: t)
            throw DiagnosticsError(
                Diagnostic(
                    .error, "unknown GPU '\(t)'",
                    remedy: near.isEmpty
                        ? "pass the name nvidia-smi prints, or a compute capability such as 8.6 (dlenv matrix list gpu)"
                        : "did you mean \(near.map { "'\($0)'" }.joined(separator: ", "))? A compute capability such as 8.6 also works"
                ))
        }
        return gpu
    }

    /// Every `--gpu` value, numbered from 0.
    public static func gpus(_ texts: [String], matrix: CompatibilityMatrix) throws(DiagnosticsError)
        -> [GPURequirement]
    {
        var out: [GPURequirement] = []
        for (i, t) in texts.enumerated() { out.append(try gpu(t, index: i, matrix: matrix)) }
        return out
    }

    /// "nearest known: 2.15.0, 2.10.0" for an unknown version.
    public static func nearest(_ version: Version, in known: [Version]) -> String {
        CompatibilityMatrix.nearest(version, in: known).map(\.text).joined(separator: ", ")
    }

    /// The embedded matrix, or the one in `directory` (every command's `--matrix DIR`).
    public static func load(_ directory: String?) throws(DiagnosticsError) -> CompatibilityMatrix {
        if let directory { return try CompatibilityMatrix.load(directory: directory) }
        return try CompatibilityMatrix.embedded()
    }
}

extension MatrixInput {
    /// `dlenv matrix torch 2.4`: the release (the newest of a series for MAJOR.MINOR), or the nearest known ones.
    public static func torchRelease(_ text: String, in matrix: CompatibilityMatrix) throws(DiagnosticsError)
        -> (series: TorchSeries, release: TorchRelease)
    {
        let v = try version(text, what: "torch version", example: "2.4.1")
        guard let found = matrix.torch(v) else {
            let known = matrix.torchReleases.map(\.release.version)
            throw DiagnosticsError(
                Diagnostic(
                    .error, "torch \(text) is not in the matrix", remedy: "nearest known: \(nearest(v, in: known))"))
        }
        return found
    }

    /// `dlenv matrix cuda 12.4`: the toolkit release, or the nearest known ones.
    public static func cudaRelease(_ text: String, in matrix: CompatibilityMatrix) throws(DiagnosticsError)
        -> (toolkit: CUDAToolkit, release: CUDARelease)
    {
        let v = try version(text, what: "CUDA version", example: "12.4 or 12.4.1")
        guard let found = matrix.cuda(v) else {
            let known = matrix.toolkits.flatMap { $0.releases.map(\.version) }
            throw DiagnosticsError(
                Diagnostic(
                    .error, "CUDA \(text) is not in the matrix", remedy: "nearest known: \(nearest(v, in: known))"))
        }
        return found
    }

    /// `dlenv matrix gpu NAME`: the model, or the closest names.
    public static func gpuModel(_ name: String, in matrix: CompatibilityMatrix) throws(DiagnosticsError) -> GPUModel {
        guard let gpu = matrix.gpu(named: name) else {
            let near = matrix.closestGPUNames(to: name)
            throw DiagnosticsError(
                Diagnostic(
                    .error, "unknown GPU '\(name)'",
                    remedy: near.isEmpty
                        ? "list the known names with: dlenv matrix list gpu"
                        : "did you mean \(near.map { "'\($0)'" }.joined(separator: ", "))?"))
        }
        return gpu
    }
}
