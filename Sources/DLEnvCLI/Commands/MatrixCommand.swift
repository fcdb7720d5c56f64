import ArgumentParser
import DLEnvCore
import DLEnvMatrix
import DLEnvService

/// `dlenv matrix`: query and validate the compatibility data.
struct MatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix",
        abstract: "Query and validate the compatibility matrix (torch, CUDA, GPUs, nvidia/cuda images).",
        discussion: "Exit codes: 0 found / valid; 2 unknown version or name (nearest known ones are listed), bad data.",
        subcommands: [
            MatrixTorchCommand.self, MatrixCUDACommand.self, MatrixGPUCommand.self, MatrixListCommand.self,
            MatrixValidateCommand.self, MatrixSnapshotCommand.self,
        ]
    )
}

struct MatrixTorchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "torch", abstract: "One torch release: Python versions, variants, arch lists, pairing.")

    @Argument(help: "A torch version: 2.4.1, or 2.4 for the newest 2.4 release.")
    var version: String

    @Option(
        help: ArgumentHelp(
            "The history database whose fleet results mark builds verified on hardware (default: the usual store, "
                + "when it exists).", valueName: "PATH"))
    var db: String?

    @OptionGroup var options: MatrixOptions

    func run() throws {
        let matrix = try options.load()
        let (series, release) = try MatrixInput.torchRelease(version, in: matrix)
        var info = MatrixJSON.Torch(series: series, release: release, matrix: matrix)
        info.verifiedOnHardware = try StoreAccess.verifiedMarks(db: db).marks(forTorch: release.version.text)
        if options.json { return try Output.printJSON(info) }
        print(MatrixTables.torch(info))
        print(MatrixTables.verified(info.verifiedOnHardware), terminator: "")
    }
}

struct MatrixCUDACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cuda", abstract: "One CUDA toolkit: driver floors and compute capabilities.")

    @Argument(help: "A CUDA version: an update (12.4.1) or a minor (12.4, meaning its GA release).")
    var version: String

    @OptionGroup var options: MatrixOptions

    func run() throws {
        let matrix = try options.load()
        let (toolkit, release) = try MatrixInput.cudaRelease(version, in: matrix)
        let info = MatrixJSON.CUDA(toolkit: toolkit, release: release, matrix: matrix)
        if options.json { return try Output.printJSON(info) }
        print(MatrixTables.cuda(info))
    }
}

struct MatrixGPUCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpu", abstract: "One GPU model: compute capability and architecture.")

    @Argument(help: "The GPU's name as nvidia-smi prints it, or an alias (\"RTX 3090\").")
    var name: String

    @OptionGroup var options: MatrixOptions

    func run() throws {
        let matrix = try options.load()
        let info = MatrixJSON.GPU(try MatrixInput.gpuModel(name, in: matrix))
        if options.json { return try Output.printJSON(info) }
        print(MatrixTables.gpu(info))
    }
}

struct MatrixListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every torch release, CUDA release, GPU or nvidia/cuda image tag.")

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case torch, cuda, gpu, images
    }

    @Argument(help: "What to list: torch, cuda, gpu or images.")
    var kind: Kind

    @OptionGroup var options: MatrixOptions

    func run() throws {
        let matrix = try options.load()
        switch kind {
        case .torch:
            let rows = matrix.torchReleases.map {
                MatrixJSON.Torch(series: $0.series, release: $0.release, matrix: matrix)
            }
            if options.json { return try Output.printJSON(rows) }
            print(MatrixTables.torchList(rows))
        case .cuda:
            let rows = matrix.toolkits.flatMap { t in
                t.releases.map { MatrixJSON.CUDA(toolkit: t, release: $0, matrix: matrix) }
            }
            if options.json { return try Output.printJSON(rows) }
            print(MatrixTables.cudaList(rows))
        case .gpu:
            let rows = matrix.gpus.map(MatrixJSON.GPU.init)
            if options.json { return try Output.printJSON(rows) }
            print(MatrixTables.gpuList(rows))
        case .images:
            let rows = MatrixJSON.ImageTag.all(in: matrix)
            if options.json { return try Output.printJSON(rows) }
            print(
                rows.map { "nvidia/cuda:\($0.tag)\($0.status == "supported" ? "" : "  (\($0.status))")" }
                    .joined(separator: "\n"))
        }
    }
}

struct MatrixValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate matrix files: syntax, types, unknown keys, duplicates, references, arch lists.",
        discussion: "Exit codes: 0 valid (warnings allowed); 2 errors (each with file:line:column and a fix).")

    @Argument(help: "A matrix directory (default: --matrix DIR, else the embedded matrix).")
    var directory: String?

    @OptionGroup var options: MatrixOptions

    func run() throws {
        let files =
            try (directory ?? options.directory).map(CompatibilityMatrix.files(inDirectory:))
            ?? CompatibilityMatrix.embeddedFiles
        let (matrix, diagnostics) = CompatibilityMatrix.validate(files: files)
        let summary = MatrixJSON.Validation(matrix: matrix, diagnostics: diagnostics)
        let errors = summary.errors
        if options.json {
            try Output.printJSON(summary)
        } else {
            if !diagnostics.isEmpty { Output.printError(DiagnosticRenderer.render(diagnostics)) }
            let c = summary.counts
            print(
                "\(errors == 0 ? "valid" : "invalid"): \(errors) errors, \(summary.warnings) warnings; "
                    + "\(c.torchReleases) torch releases (\(c.torchSeries) series, \(c.torchVariants) variants), "
                    + "\(c.cudaReleases) CUDA releases (\(c.cudaToolkits) toolkits), \(c.gpus) GPUs, \(c.imageTags) image tags"
            )
        }
        if errors > 0 { throw ExitCode(ExitStatus.badInput) }
    }
}

/// Hidden: prints the Swift snapshot of a matrix directory (used by scripts/embed-matrices.sh).
struct MatrixSnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot-swift", abstract: "Print the matrix as Swift source (for scripts/embed-matrices.sh).",
        shouldDisplay: false)

    @Argument(help: "The matrix directory.")
    var directory: String

    func run() throws {
        print(try CompatibilityMatrix.load(directory: directory).swiftSnapshotSource, terminator: "")
    }
}
