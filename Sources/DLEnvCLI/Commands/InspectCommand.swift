import ArgumentParser
import DLEnvCore
import DLEnvMatrix
import DLEnvProbe
import DLEnvService
import Foundation

/// `dlenv inspect`: what environments really hold, read from their files without running Python; with
/// `--import`, also by importing torch, to compare.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Read Python environments' files (no Python run): wheels and pins, torch's build, the fat-binary "
            + "arch list of its CUDA libraries, the libraries the loader finds first; verdicts on consistency and "
            + "on this host.",
        discussion: """
            Each --python (an interpreter, a venv folder or a pyenv shim) and each --site-packages folder is one \
            environment; with neither, the python3 and python on PATH are inspected. The host is probed (no Python is \
            run) unless --host gives a saved `dlenv probe --json` report or --driver/--gpu declare it. The loader's \
            search uses this process's LD_LIBRARY_PATH and LD_PRELOAD.
            Exit codes: 0 consistent and runs here; 1 an inconsistency or a link that fails on the host; 2 bad \
            input (a missing folder); 3 --import could not run the interpreter.
            """)

    @Option(help: ArgumentHelp("An interpreter, venv folder or pyenv shim to inspect (repeatable).", valueName: "PY"))
    var python: [String] = []

    @Option(help: ArgumentHelp("A site-packages folder to inspect (repeatable).", valueName: "DIR"))
    var sitePackages: [String] = []

    @Option(help: ArgumentHelp("A saved probe report (dlenv probe --json) instead of probing.", valueName: "FILE"))
    var host: String?

    @Option(help: "NVIDIA driver version (declares the host instead of probing it).") var driver: String?
    @Option(help: "A GPU: name, compute capability (8.6) or gfx target; repeat per GPU (declares the host).")
    var gpu: [String] = []

    @Option(help: ArgumentHelp("Read every file under DIR (an unpacked image).", valueName: "DIR"))
    var root: String?

    @Flag(name: .customLong("import"), help: "Also import torch in each --python interpreter and compare.")
    var importTorch = false

    @Flag(help: "Also read the fat binaries of the nvidia-* wheels' libraries (slower).")
    var wheelLibraries = false

    @Option(
        name: [.customLong("python-timeout"), .customLong("timeout")],
        help: ArgumentHelp("Time limit for --import, in seconds.", valueName: "SECONDS"))
    var pythonTimeout: Double = 60

    @OptionGroup var options: MatrixOptions

    func validate() throws { try TimeLimitOption.check(pythonTimeout, "--timeout") }

    func run() throws {
        let matrix = try options.load()
        if let root { try HostSelection.requireFolder(root) }
        let selection: HostSelection =
            host.map(HostSelection.report)
            ?? (driver != nil || !gpu.isEmpty
                ? .declared("flags") : .probe(root: root, options: ProbeOptions(pythons: [], searchPath: false)))
        let (facts, hostSource) = try selection.facts(matrix: matrix)
        var request = ResolveRequest(host: facts)
        if let driver { request.driver = try MatrixInput.version(driver, what: "--driver", example: "580.65.06") }
        if !gpu.isEmpty { request.gpus = try MatrixInput.gpus(gpu, matrix: matrix) }
        let scan = EnvironmentScan.Request(
            pythons: python, sitePackages: sitePackages, root: root, wheelLibraries: wheelLibraries,
            importTimeout: importTorch ? pythonTimeout : nil)
        let (report, notes) = try EnvironmentScan.inspect(
            scan, host: facts, hostSource: hostSource, request: request, matrix: matrix)
        for n in notes { Output.printError("note: \(n)") }
        if options.json {
            try Output.printJSON(report)
        } else {
            print(InspectRendering.render(report), terminator: "")
        }
        if report.importFailed { throw ExitCode(ExitStatus.environment) }
        if !report.ok { throw ExitCode(ExitStatus.failed) }
    }
}
