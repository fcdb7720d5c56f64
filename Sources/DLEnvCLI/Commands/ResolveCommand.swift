import ArgumentParser
import DLEnvCore
import DLEnvMatrix
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
        let verified = try StoreVerified.marks(db: db)
        if options.json {
            try Output.printJSON(
                MatrixJSON.Resolve(resolution, matrix: matrix) { verified[StoreVerified.key($0)] ?? [] })
        } else {
            print(ResolveRendering.render(resolution, request: request, all: all), terminator: "")
            print(StoreVerified.render(all ? resolution.stacks : Array(resolution.stacks.prefix(10)), marks: verified))
        }
        if resolution.stacks.isEmpty { throw ExitCode(ExitStatus.failed) }
    }

    func makeRequest(matrix: CompatibilityMatrix) throws -> ResolveRequest {
        var request = ResolveRequest()
        if let host { request = ResolveRequest(host: try HostReportFile.read(host)) }
        request.torch = try MatrixInput.spec(torch, what: "--torch")
        request.torchvision = try MatrixInput.spec(torchvision, what: "--torchvision")
        if let python { request.python = try PythonOption.version(python) }
        do { request.accelerator = try AcceleratorSpec(parsing: accelerator) } catch {
            throw CLIFailure.badInput(error.diagnostics)
        }
        if case .variant(let name) = request.accelerator {
            let known = Set(matrix.series.flatMap { $0.variants.map(\.name) })
            if !known.contains(name) {
                let near = closest(to: name, in: Array(known).sorted(), limit: 3)
                throw CLIFailure.badInput(
                    "no torch release in the matrix has a '\(name)' variant",
                    remedy: near.isEmpty
                        ? "see dlenv matrix list torch" : "nearest known: \(near.joined(separator: ", "))")
            }
        }
        if let os { request.os = try MatrixInput.os(os) }
        if let driver { request.driver = try MatrixInput.version(driver, what: "--driver", example: "535.104.05") }
        if !gpu.isEmpty {
            request.gpus = try gpu.enumerated().map { try MatrixInput.gpu($1, index: $0, matrix: matrix) }
        }
        // A constraint no release satisfies is an unknown version (bad input), not an incompatible host.
        if !request.torch.isAny, !matrix.torchReleases.contains(where: { request.torch.contains($0.release.version) }) {
            let known = matrix.torchReleases.map(\.release.version)
            let probe = Self.firstVersion(in: request.torch) ?? known.first ?? Version(0)
            throw CLIFailure.badInput(
                "no torch release in the matrix satisfies '\(request.torch)'",
                remedy: "nearest known: \(MatrixInput.nearest(probe, in: known))")
        }
        return request
    }

    static func firstVersion(in spec: VersionSpec) -> Version? { spec.firstVersion }
}
