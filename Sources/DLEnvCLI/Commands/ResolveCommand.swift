import ArgumentParser
import DLEnvCore
import DLEnvMatrix
import DLEnvService
import Foundation

/// `dlenv resolve`: every compatible stack for some constraints, best first, and why the others fail.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Every compatible torch stack for some constraints, best first, and why the others fail.",
        discussion: """
            Ranking: newest torch; then the newest CUDA the host can run; PyPI's default on ties.
            Exit codes: 0 stacks found; 1 no compatible stack (the reasons are printed); 2 bad input.
            """
    )

    @Option(help: "torch version spec: 2.4, ==2.4.1, >=2.1,<2.4, ~=2.3.0.") var torch: String?
    @Option(help: "torchvision version spec.") var torchvision: String?
    @Option(help: "\(PythonOption.help) Default: the newest each release supports.")
    var python: String?
    @Option(help: "auto, cpu, a variant (cu121, rocm6.1), cuda>=12.1, rocm>=6.") var accelerator: String = "auto"
    @Option(help: "linux or windows.") var os: String?
    @Option(help: "NVIDIA driver version (535.104.05).") var driver: String?
    @Option(
        help: "A GPU: its name as nvidia-smi prints it, a compute capability (8.6) or a gfx target. Repeat per GPU.")
    var gpu: [String] = []
    @Option(help: "A saved probe report (dlenv probe --json) to take the OS, driver, GPUs and ROCm from.")
    var host: String?
    @Flag(help: "Show every stack and every rejected candidate (the table shows 10 of each).") var all = false
    @Option(
        help: ArgumentHelp(
            "The history database whose fleet results mark stacks verified on hardware (default: the usual store, "
                + "when it exists).", valueName: "PATH"))
    var db: String?

    @OptionGroup var options: MatrixOptions

    func run() throws {
        let matrix = try options.load()
        let request = try makeRequest(matrix: matrix)
        let resolution = matrix.resolve(request)
        let verified = try StoreAccess.verifiedMarks(db: db)
        if options.json {
            try Output.printJSON(MatrixJSON.Resolve(resolution, matrix: matrix) { verified.marks(for: $0) })
        } else {
            print(ResolveRendering.render(resolution, request: request, all: all), terminator: "")
            print(
                ResolveRendering.verified(all ? resolution.stacks : Array(resolution.stacks.prefix(10)), verified))
        }
        if resolution.stacks.isEmpty { throw ExitCode(ExitStatus.failed) }
    }

    func makeRequest(matrix: CompatibilityMatrix) throws -> ResolveRequest {
        var input = ResolveInput()
        (input.torch, input.torchvision, input.python, input.accelerator) = (torch, torchvision, python, accelerator)
        (input.os, input.driver, input.gpus) = (os, driver, gpu)
        let base = try host.map { ResolveRequest(host: try SavedHostReport.read($0)) } ?? ResolveRequest()
        return try input.resolveRequest(base: base, matrix: matrix)
    }

}
