import ArgumentParser
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

/// Shared by `dlenv dockerfile`, `dlenv lock` and `dlenv init`: reading a spec, loading the matrix, planning,
/// mapping refusals to exit 1 and bad input to exit 2, and writing files only after everything succeeded.
enum RecipeSupport {
    /// Reads and parses a spec file (exit 2 with file:line:column on any problem).
    static func loadSpec(_ path: String) throws -> Spec {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw CLIFailure.badInput(
                exists ? "cannot read \(path)" : "no spec at \(path)", at: SourceLocation(file: path),
                remedy: exists
                    ? "check the file's permissions" : "run `dlenv init` to write one, or pass the spec's path")
        }
        return try SpecParser.parse(try SpecText.decode(Array(data), file: path), file: path)
    }

    /// Plans a spec; a refusal prints its reasons and exits 1, bad input exits 2.
    static func plan(_ spec: Spec, matrix: CompatibilityMatrix, specFile: String) throws -> RecipePlan {
        let plan = withTwin(
            try RecipePlanner.plan(spec, matrix: matrix, specFile: specFile, dlenvVersion: DLEnvVersion.current))
        if !plan.warnings.isEmpty { Output.printError(DiagnosticRenderer.render(plan.warnings)) }
        return plan
    }

    /// The self-checking twin with the committed quick figures (built once per process; no workload runs).
    static let twin = TwinScript.committedCheckingSource()

    /// The plan with the twin added to its build-time verification (the recipe takes the twin's text as input).
    static func withTwin(_ plan: RecipePlan) -> RecipePlan {
        var plan = plan
        plan.verification = plan.verification?.addingTwin(twin, torch: plan.stack.torch)
        return plan
    }

    /// Writes every file or none (`FileSetWriter`): each into `directory`, which must be a folder.
    static func write(_ files: [(name: String, text: String)], into directory: String) throws {
        try Output.writeFiles(
            files.map { FileSetWriter.File(path: FleetSupport.join(directory, $0.name), text: $0.text) })
    }

    /// Refuses specs whose files would go to the same folder (`a/p/dlenv.yaml b/p/dlenv.yaml -o out` both map to
    /// out/p): the second would silently replace the first.
    static func refuseSharedFolders(_ specs: [String], directory: (String) -> String) throws {
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
        if !problems.isEmpty { throw CLIFailure.badInput(problems) }
    }

    /// Generates the files of every spec (all planned before anything is written, so a failure writes nothing),
    /// then writes them or prints them; `--timings` reports the matrix load and the generation separately.
    static func generate(
        _ options: RecipeOptions, files: (RecipePlan) throws -> [(name: String, text: String)], stdoutFile: String
    ) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let matrix = try MatrixOptions.load(options.matrix)
        let loaded = clock.now
        let cpuStart = processCPUSeconds()
        if !options.stdout { try refuseSharedFolders(options.specs, directory: options.directory(for:)) }
        var outputs: [(directory: String, plan: RecipePlan, files: [(name: String, text: String)])] = []
        for spec in options.specs {
            let plan = try plan(try loadSpec(spec), matrix: matrix, specFile: spec)
            do {
                outputs.append((options.directory(for: spec), plan, try files(plan)))
            } catch let error as DiagnosticsError {
                throw CLIFailure.badInput(error.diagnostics)
            }
        }
        let generated = clock.now
        let cpu = processCPUSeconds() - cpuStart
        if options.timings {
            // CPU time next to wall time: on a shared machine the wall time mostly measures the queue.
            Output.printError(
                "timings: matrix loaded in \(milliseconds(loaded - start)); \(outputs.count) spec(s) parsed, planned and "
                    + "rendered in \(milliseconds(generated - loaded)) (CPU \(String(format: "%.1f ms", cpu * 1000)))")
        }
        if options.stdout {
            for output in outputs { print(output.files.first { $0.name == stdoutFile }?.text ?? "", terminator: "") }
            return
        }
        // Every spec's files in one set: a failure on the last leaves the first specs' old files untouched too.
        try Output.writeFiles(
            outputs.flatMap { output in
                output.files.map {
                    FileSetWriter.File(path: FleetSupport.join(output.directory, $0.name), text: $0.text)
                }
            })
        for output in outputs {
            let names = output.files.map { "\(output.directory)/\($0.name)" }.joined(separator: ", ")
            Output.printError("wrote \(names) (\(output.plan.summaryLine))")
        }
    }

    /// CPU time of this process (user + system), in seconds.
    static func processCPUSeconds() -> Double {
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

    static func milliseconds(_ d: Duration) -> String {
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return String(format: "%.1f ms", ms)
    }

    /// The directory of a spec path ("." for a bare file name).
    static func directory(of specPath: String) -> String {
        let dir = URL(fileURLWithPath: specPath).deletingLastPathComponent().path
        return specPath.contains("/") ? dir : "."
    }
}

/// Options shared by the recipe commands.
struct RecipeOptions: ParsableArguments {
    @Argument(
        help: """
            The spec (default: dlenv.yaml in the current directory). With several specs, each one's files go to \
            DIR/<the spec's folder name>.
            """)
    var specs: [String] = ["dlenv.yaml"]

    @Option(name: [.customShort("o"), .long], help: "Directory to write into (default: the spec's directory).")
    var output: String?

    @Flag(help: "Print to standard output instead of writing files.")
    var stdout = false

    @Option(help: "Read the compatibility matrix from this directory instead of the embedded copy.")
    var matrix: String?

    @Flag(help: "Print how long loading the matrix and generating took (to standard error).")
    var timings = false

    func validate() throws {
        if stdout, output != nil {
            throw ValidationError("-o/--output and --stdout exclude each other")
        }
        if specs.count > 1, output == nil {
            throw ValidationError("several specs need -o DIR (each spec's files go to DIR/<its folder name>)")
        }
    }

    /// Where one spec's files go.
    func directory(for spec: String) -> String {
        guard let output else { return RecipeSupport.directory(of: spec) }
        if specs.count == 1 { return output }
        let folder = URL(fileURLWithPath: spec).deletingLastPathComponent().lastPathComponent
        return URL(fileURLWithPath: output).appendingPathComponent(folder).path
    }
}
