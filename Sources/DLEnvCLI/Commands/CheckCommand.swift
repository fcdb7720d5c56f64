import ArgumentParser
import DLEnvCore
import DLEnvMatrix
import DLEnvProbe
import DLEnvRecipe
import DLEnvService
import Foundation

/// `dlenv check`: one stack against this host, a saved probe report or a declared fleet; every link of the
/// chain with its numbers, then ranked fixes; and every torch already installed in the probed Pythons.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a torch stack (and every installed torch) against this host, a saved report or a fleet.",
        discussion: """
            The host is probed unless --host (a `dlenv probe --json` report), --profile (a fleet: driver floor and \
            GPUs) or --driver/--gpu describe it. With --torch, the newest matching release is checked in the best \
            build this host can run (or the --accelerator build); without it, the torches installed in the \
            probed Pythons are checked. --spec dlenv.yaml takes torch, torchvision, python, accelerator, \
            build_extensions and (unless the host is given otherwise) the target's driver and GPUs from a project \
            spec; flags override the spec.
            Exit codes: 0 compatible; 1 incompatible; 2 bad input.
            """)

    @Option(help: "torch version spec: 2.4, ==2.4.1, >=2.1,<2.4.") var torch: String?
    @Option(help: "torchvision version spec.") var torchvision: String?
    @Option(help: "\(PythonOption.help) Default: the first probed interpreter's, else the newest supported.")
    var python: String?
    @Option(help: "auto, cpu, a variant (cu121, rocm6.1), cuda>=12.1, rocm>=6.") var accelerator: String = "auto"
    @Option(help: "linux or windows.") var os: String?
    @Option(help: "NVIDIA driver version (declares the host instead of probing it).") var driver: String?
    @Option(help: "A GPU: name, compute capability (8.6) or gfx target; repeat per GPU (declares the host).")
    var gpu: [String] = []
    @Option(help: "A saved probe report (dlenv probe --json).") var host: String?
    @Option(help: "A fleet profile: 'driver: <oldest driver>' and 'gpus: [...]'.") var profile: String?
    @Option(help: ArgumentHelp("Read the host's files under DIR when probing.", valueName: "DIR")) var root: String?
    @Flag(help: "Probe without running commands or loading driver libraries.") var noExec = false
    @Option(help: ArgumentHelp("Deprecated: use --python PY.", valueName: "PY", visibility: .hidden))
    var interpreter: [String] = []
    @Flag(help: "Also require a CUDA toolkit (nvcc) that can build extensions for the stack.")
    var buildExtensions = false
    @Option(
        name: [.customLong("tool-timeout"), .customLong("timeout")],
        help: ArgumentHelp(
            "Time limit for each tool the probe runs (nvidia-smi, nvcc), in seconds.", valueName: "SECONDS"))
    var timeout: Double = 5

    @Option(help: ArgumentHelp("A project spec (dlenv.yaml) naming the stack and its target.", valueName: "SPEC"))
    var spec: String?

    @OptionGroup var options: MatrixOptions

    /// What the host is when a spec's target declared it (for the header).
    var specTarget: String?

    enum CodingKeys: String, CodingKey {
        case torch, torchvision, python, accelerator, os, driver, gpu, host, profile, root, noExec, interpreter
        case buildExtensions, spec, options, timeout
    }

    func validate() throws { try TimeLimitOption.check(timeout, "--tool-timeout") }

    func run() throws {
        var command = self
        if let path = spec { try command.apply(RecipeSupport.loadSpec(path), file: path) }
        try command.check()
    }

    /// Takes what the spec says wherever no flag said otherwise.
    mutating func apply(_ spec: Spec, file: String) throws {
        if torch == nil { torch = spec.torch.text }
        if torchvision == nil, case .spec(let s) = spec.torchvision { torchvision = s.text }
        if python == nil { python = spec.python?.majorMinor }
        if accelerator == "auto" { accelerator = spec.accelerator }
        if spec.buildExtensions { buildExtensions = true }
        // The spec's target declares the machines only when no other host description was given.
        if host == nil, profile == nil, driver == nil, gpu.isEmpty, !spec.target.isEmpty {
            driver = spec.target.driver?.text
            gpu = spec.target.gpus
            specTarget = "the target of \(file)"
        }
    }

    func check() throws {
        let matrix = try options.load()
        let (facts, hostSource) = try hostSelection().facts(matrix: matrix)
        var r = StackCheckRequest()
        (r.input.torch, r.input.torchvision, r.input.python) = (torch, torchvision, python)
        (r.input.accelerator, r.input.os, r.input.driver, r.input.gpus) = (accelerator, os, driver, gpu)
        (r.buildExtensions, r.root) = (buildExtensions, root)
        // The probed host's environments, read from their files (dlenv inspect).
        r.inspectEnvironments = host == nil && profile == nil && driver == nil && gpu.isEmpty
        let report = try StackCheck.run(r, host: facts, hostSource: hostSource, matrix: matrix)
        if options.json {
            try Output.printJSON(report)
        } else {
            print(
                ProbeCheckRendering.render(report) + DoctorRendering.environments(report.environments),
                terminator: "")
        }
        if !report.compatible { throw ExitCode(ExitStatus.failed) }
    }

    /// The host: a saved report, a fleet profile, flags alone, or a live probe.
    func hostSelection() -> HostSelection {
        if let host { return .report(host) }
        if let profile { return .profile(profile) }
        if driver != nil || !gpu.isEmpty { return .declared(specTarget ?? "flags") }
        if !interpreter.isEmpty { Output.printError("note: --interpreter is deprecated; use --python PY") }
        let named = interpreter + PythonSelection.interpreters(python.map { [$0] } ?? [])
        return .probe(root: root, options: ProbeOptions(noExec: noExec, pythons: named, timeout: timeout))
    }
}
