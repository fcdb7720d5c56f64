import ArgumentParser
import DLEnvCore
import DLEnvMatrix
import DLEnvProbe
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
        let system = LiveSystem(root: root)
        let targets = try InspectSupport.targets(python: python, sitePackages: sitePackages, root: root, system: system)
        let (facts, hostSource) = try InspectSupport.host(
            file: host, driver: driver, gpus: gpu, root: root, matrix: matrix)
        var request = ResolveRequest(host: facts)
        if let driver { request.driver = try MatrixInput.version(driver, what: "--driver", example: "580.65.06") }
        if !gpu.isEmpty {
            request.gpus = try gpu.enumerated().map { try MatrixInput.gpu($1, index: $0, matrix: matrix) }
        }
        let inspector = EnvironmentInspector(system: system, options: InspectOptions(wheelLibraries: wheelLibraries))
        var reports: [InspectReport.Environment] = []
        // python3 and python (or two shims) of one environment are inspected once.
        var seen: Set<[String]> = []
        for target in targets {
            let started = Date()
            guard let inspection = try InspectSupport.inspect(target, inspector: inspector),
                seen.insert(inspection.sitePackages).inserted
            else { continue }
            let seconds = Date().timeIntervalSince(started)
            let verdict = matrix.judge(inspection, request: request)
            var imported: ImportCheck?
            if importTorch, let interpreter = inspection.interpreter {
                imported = InspectSupport.importCheck(
                    inspection, interpreter: interpreter, system: system, timeout: pythonTimeout)
            }
            reports.append(
                InspectReport.Environment(
                    inspection: inspection, verdict: verdict, importCheck: imported, seconds: seconds))
        }
        if reports.isEmpty {
            throw CLIFailure.badInput(
                "no environment could be inspected",
                remedy: "pass --python venv/bin/python or --site-packages venv/lib/python3.X/site-packages")
        }
        let report = InspectReport(host: hostSource, environments: reports)
        if options.json {
            try Output.printJSON(report)
        } else {
            print(InspectRendering.render(report), terminator: "")
        }
        if reports.contains(where: { $0.importCheck?.error != nil }) { throw ExitCode(ExitStatus.environment) }
        if !report.ok { throw ExitCode(ExitStatus.failed) }
    }
}

/// What `dlenv inspect --json` prints: the host the verdicts are for, and per environment the inspection (the
/// files' facts), the verdict (typed findings, chain links with the real arch list, fixes) and the import check.
struct InspectReport: Encodable {
    struct Environment: Encodable {
        var inspection: EnvironmentInspection
        var verdict: InspectionVerdict
        var importCheck: ImportCheck?
        /// Wall time of reading the files.
        var seconds: Double

        enum CodingKeys: String, CodingKey {
            case inspection, verdict, seconds
            case importCheck = "import_check"
        }
    }

    var host: String
    var environments: [Environment]

    var ok: Bool { environments.allSatisfy { $0.verdict.ok && $0.importCheck?.agrees != false } }

    enum CodingKeys: String, CodingKey { case ok, host, environments }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ok, forKey: .ok)
        try c.encode(host, forKey: .host)
        try c.encode(environments, forKey: .environments)
    }
}
