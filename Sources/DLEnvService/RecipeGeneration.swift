import DLEnvCore
import DLEnvMatrix
import DLEnvRecipe
import DLEnvWorkloads
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `dlenv dockerfile` and `dlenv lock`: every spec read, planned and rendered before anything is written, so a
/// failure writes nothing; two specs that would write into one folder are refused.
public enum RecipeGeneration {
    /// One spec's files, in the folder they go to.
    public struct Output: Sendable {
        public var directory: String
        public var plan: RecipePlan
        public var files: [GeneratedFile]
    }

    /// What a generation took: the matrix load and the rest, wall and CPU time.
    public struct Timings: Sendable {
        public var matrixLoad: Duration
        public var generation: Duration
        public var generationCPUSeconds: Double
    }

    /// Reads and parses a spec file (exit 2 with file:line:column on any problem; bytes that are not UTF-8 are
    /// refused with their position, never replaced).
    public static func loadSpec(_ path: String) throws(DiagnosticsError) -> Spec {
        guard let data = try BoundedFile.userFile(path, limit: BoundedFile.specLimit) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw DiagnosticsError(
                Diagnostic(
                    .error, exists ? "cannot read \(path)" : "no spec at \(path)", at: SourceLocation(file: path),
                    remedy: exists
                        ? "check the file's permissions" : "run `dlenv init` to write one, or pass the spec's path"))
        }
        return try SpecParser.parse(try SpecText.decode(data, file: path), file: path)
    }

    /// The self-checking twin with the committed quick figures (built once per process; no workload runs).
    public static let twin = TwinScript.committedCheckingSource()

    /// Plans a spec with the twin added to its build-time verification; a refusal is a `RecipeRefusal`.
    public static func plan(_ spec: Spec, matrix: CompatibilityMatrix, specFile: String, dlenvVersion: String) throws
        -> RecipePlan
    {
        var plan = try RecipePlanner.plan(spec, matrix: matrix, specFile: specFile, dlenvVersion: dlenvVersion)
        plan.verification = plan.verification?.addingTwin(twin, torch: plan.stack.torch)
        return plan
    }

    /// Refuses specs whose files would go to the same folder (`a/p/dlenv.yaml b/p/dlenv.yaml -o out` both map to
    /// out/p): the second would silently replace the first.
    public static func refuseSharedFolders(_ specs: [String], directory: (String) -> String) throws(DiagnosticsError) {
        var first: [String: String] = [:]
        var problems: [Diagnostic] = []
        for spec in specs {
            let folder = directory(spec)
            let key = FileSetWriter.normalized(folder)
            if let other = first[key] {
                problems.append(
                    Diagnostic(
                        .error, "\(other) and \(spec) would both be written to \(folder)",
                        at: SourceLocation(file: spec),
                        remedy: "generate them one at a time with their own -o DIR, or rename one of the folders"))
            } else {
                first[key] = spec
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
    }

    /// Every spec's files, planned and rendered by `files`; `matrixDirectory` is `--matrix DIR`.
    public static func generate(
        specs: [String], directory: (String) -> String, matrixDirectory: String?, checkFolders: Bool,
        dlenvVersion: String, files: (RecipePlan) throws -> [GeneratedFile]
    ) throws -> (outputs: [Output], timings: Timings) {
        let clock = ContinuousClock()
        let start = clock.now
        let matrix = try MatrixInput.load(matrixDirectory)
        let loaded = clock.now
        let cpuStart = processCPUSeconds()
        if checkFolders { try refuseSharedFolders(specs, directory: directory) }
        var outputs: [Output] = []
        for spec in specs {
            let plan = try plan(try loadSpec(spec), matrix: matrix, specFile: spec, dlenvVersion: dlenvVersion)
            outputs.append(Output(directory: directory(spec), plan: plan, files: try files(plan)))
        }
        let timings = Timings(
            matrixLoad: loaded - start, generation: clock.now - loaded,
            generationCPUSeconds: processCPUSeconds() - cpuStart)
        return (outputs, timings)
    }

    /// CPU time of this process (user + system), in seconds.
    public static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }
}
