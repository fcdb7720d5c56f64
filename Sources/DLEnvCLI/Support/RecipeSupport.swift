import ArgumentParser
import DLEnvCore
import DLEnvRecipe
import DLEnvService
import Foundation

/// Shared by `dlenv dockerfile`, `dlenv lock` and `dlenv init`: the generation (`RecipeGeneration`) printed or
/// written, every file or none.
enum RecipeSupport {
    static func loadSpec(_ path: String) throws -> Spec { try RecipeGeneration.loadSpec(path) }

    static var twin: String { RecipeGeneration.twin }

    /// Writes every file or none (`FileSetWriter`): each into `directory`, which must be a folder.
    static func write(_ files: [(name: String, text: String)], into directory: String) throws {
        try Output.writeFiles(
            files.map { FileSetWriter.File(path: FleetFiles.join(directory, $0.name), text: $0.text) })
    }

    /// Generates the files of every spec, then writes them (all specs' files in one set) or prints `stdoutFile`;
    /// `--timings` reports the matrix load and the generation separately.
    static func generate(
        _ options: RecipeOptions, files: @escaping (RecipePlan) throws -> [GeneratedFile], stdoutFile: String
    ) throws {
        let (outputs, t) = try RecipeGeneration.generate(
            specs: options.specs, directory: options.directory(for:), matrixDirectory: options.matrix,
            checkFolders: !options.stdout, dlenvVersion: DLEnvVersion.current, files: files)
        for output in outputs where !output.plan.warnings.isEmpty {
            Output.printError(DiagnosticRenderer.render(output.plan.warnings))
        }
        if options.timings {
            // CPU time next to wall time: on a shared machine the wall time mostly measures the queue.
            Output.printError(
                "timings: matrix loaded in \(milliseconds(t.matrixLoad)); \(outputs.count) spec(s) parsed, planned and "
                    + "rendered in \(milliseconds(t.generation)) "
                    + "(CPU \(String(format: "%.1f ms", t.generationCPUSeconds * 1000)))")
        }
        if options.stdout {
            for o in outputs { print(o.files.first { $0.path == stdoutFile }?.contents ?? "", terminator: "") }
            return
        }
        // Every spec's files in one set: a failure on the last leaves the first specs' old files untouched too.
        try Output.writeFiles(
            outputs.flatMap { o in
                o.files.map { FileSetWriter.File(path: FleetFiles.join(o.directory, $0.path), text: $0.contents) }
            })
        for o in outputs {
            let names = o.files.map { "\(o.directory)/\($0.path)" }.joined(separator: ", ")
            Output.printError("wrote \(names) (\(o.plan.summaryLine))")
        }
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
