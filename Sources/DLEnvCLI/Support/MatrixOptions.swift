import ArgumentParser
import DLEnvCore
import DLEnvMatrix

/// `--matrix DIR` (the embedded matrix otherwise) and `--json`, shared by `matrix` and `resolve`.
struct MatrixOptions: ParsableArguments {
    @Option(name: .customLong("matrix"), help: "Read the matrices from DIR instead of the embedded copy.")
    var directory: String?

    @Flag(name: .long, help: "Print JSON (stable snake_case keys) instead of tables.")
    var json = false

    /// The matrix to use; invalid matrix files are bad input (exit 2) with every diagnostic.
    func load() throws -> CompatibilityMatrix { try Self.load(directory) }

    /// The embedded matrix, or the one in `directory` (every command's `--matrix DIR`).
    static func load(_ directory: String?) throws -> CompatibilityMatrix {
        do {
            if let directory { return try CompatibilityMatrix.load(directory: directory) }
            return try CompatibilityMatrix.embedded()
        } catch {
            throw CLIFailure.badInput(error.diagnostics)
        }
    }
}

/// Parsing of user-typed values shared by the matrix commands: every failure is bad input with a fix.
enum MatrixInput {
    static func version(_ text: String, what: String, example: String) throws -> Version {
        guard let v = Version(text), v.local == nil else {
            throw CLIFailure.badInput(
                "\(what) '\(text)' is not a version", remedy: "write a dotted version such as \(example)")
        }
        return v
    }

    static func spec(_ text: String?, what: String) throws -> VersionSpec {
        guard let text else { return .any }
        do { return try VersionSpec(parsing: text) } catch {
            throw CLIFailure.badInput("\(what): \(error.description)", remedy: error.remedy)
        }
    }

    static func os(_ text: String) throws -> HostFacts.OS {
        guard let os = HostFacts.OS(rawValue: text.lowercased()), os != .macos else {
            throw CLIFailure.badInput(
                "--os '\(text)' is not linux or windows", remedy: "pass --os linux or --os windows")
        }
        return os
    }

    /// A `--gpu` value: a name from gpus.yaml, a compute capability ("8.6", "sm_86") or a gfx target.
    static func gpu(_ text: String, index: Int, matrix: CompatibilityMatrix) throws -> GPURequirement {
        let t = text.trimmingSpaces
        if let problem = GPUToken.rangeProblem(t, origin: "--gpu") { throw CLIFailure.badInput(problem.description) }
        guard let gpu = matrix.gpuRequirement(t, index: index) else {
            let near = matrix.closestGPUNames(to: t)
            throw CLIFailure.badInput(
                "unknown GPU '\(t)'",
                remedy: near.isEmpty
                    ? "pass the name nvidia-smi prints, or a compute capability such as 8.6 (dlenv matrix list gpu)"
                    : "did you mean \(near.map { "'\($0)'" }.joined(separator: ", "))? A compute capability such as 8.6 also works"
            )
        }
        return gpu
    }

    /// "nearest known: 2.15.0, 2.10.0" for an unknown version.
    static func nearest(_ version: Version, in known: [Version]) -> String {
        CompatibilityMatrix.nearest(version, in: known).map(\.text).joined(separator: ", ")
    }
}
