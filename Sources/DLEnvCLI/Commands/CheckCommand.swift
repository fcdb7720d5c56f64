import ArgumentParser
import DLEnvCore
import DLEnvMatrix
import DLEnvProbe
import DLEnvRecipe
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
        let (facts, hostSource) = try hostFacts(matrix: matrix)
        var request = ResolveRequest(host: facts)
        request.torchvision = try MatrixInput.spec(torchvision, what: "--torchvision")
        if let os { request.os = try MatrixInput.os(os) }
        if let driver { request.driver = try MatrixInput.version(driver, what: "--driver", example: "535.104.05") }
        if !gpu.isEmpty {
            request.gpus = try gpu.enumerated().map { try MatrixInput.gpu($1, index: $0, matrix: matrix) }
        }
        if let python {
            request.python = try PythonOption.version(python)
        } else if let v = facts.pythons.compactMap({ $0.version.flatMap(Version.init) }).first {
            request.python = Version(v.majorMinor)
        }
        let accel: AcceleratorSpec
        do { accel = try AcceleratorSpec(parsing: accelerator) } catch { throw CLIFailure.badInput(error.diagnostics) }

        var stack: StackVerdict?
        if let torch {
            let spec = try MatrixInput.spec(torch, what: "--torch")
            guard let (version, variant) = matrix.candidate(torch: spec, accelerator: accel, request: request) else {
                let known = matrix.torchReleases.map(\.release.version)
                throw CLIFailure.badInput(
                    "no torch release in the matrix satisfies '\(spec)'",
                    remedy: "nearest known: \(MatrixInput.nearest(spec.firstVersion ?? known[0], in: known))")
            }
            var verdict = matrix.verdict(torch: version, variant: variant, request: request)
            if buildExtensions,
                let link = matrix.toolkitLink(torch: version, variant: variant, toolkits: facts.toolkits)
            {
                verdict.append(link)
            }
            stack = verdict
        }
        var base = request
        base.python = nil
        let installed = matrix.installed(host: facts, request: base)
        if stack == nil, installed.isEmpty {
            throw CLIFailure.badInput(
                "nothing to check: no --torch given and no torch installed in the probed Pythons",
                remedy: "pass --torch 2.4 (and --accelerator cu121), or --python PY for a venv's Python")
        }
        // The probed host's environments, read from their files (dlenv inspect).
        let probedHere = host == nil && profile == nil && driver == nil && gpu.isEmpty
        let environments =
            probedHere
            ? InspectSupport.verdicts(
                interpreters: facts.pythons.map(\.path), system: LiveSystem(root: root), matrix: matrix, request: base
            ).verdicts : []
        let report = CheckReport(
            host: hostSource, stack: stack, installed: installed, environments: environments, warnings: facts.warnings)
        if options.json {
            try Output.printJSON(report)
        } else {
            print(ProbeCheckRendering.render(report) + DoctorCommand.environmentsSection(environments), terminator: "")
        }
        if !report.compatible { throw ExitCode(ExitStatus.failed) }
    }

    /// The host: a saved report, a fleet profile, flags alone, or a live probe.
    func hostFacts(matrix: CompatibilityMatrix) throws -> (HostFacts, String) {
        if let host { return (try HostReportFile.read(host), host) }
        if let profile {
            guard let data = FileManager.default.contents(atPath: profile) else {
                throw CLIFailure.badInput(
                    "cannot read the fleet profile '\(profile)'", remedy: "write 'driver:' and 'gpus:' lines")
            }
            let facts = try ProbeFleetProfile.parse(
                String(decoding: data, as: UTF8.self), file: profile, matrix: matrix)
            return (facts, profile)
        }
        if driver != nil || !gpu.isEmpty { return (HostFacts(), specTarget ?? "flags") }
        if let root {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else {
                throw CLIFailure.badInput("--root \(root): no such folder")
            }
        }
        if !interpreter.isEmpty {
            FileHandle.standardError.write(Data("note: --interpreter is deprecated; use --python PY\n".utf8))
        }
        let named = interpreter + (python.map { PythonRequest($0).version == nil ? [$0] : [] } ?? [])
        let options = ProbeOptions(noExec: noExec, pythons: named, timeout: timeout)
        let report = HostProbe(system: LiveSystem(root: root), options: options).run()
        return (report.facts, root.map { "probe of \($0)" } ?? "this host (probed)")
    }
}

/// What `dlenv check --json` prints: `compatible`, `host`, `candidate`, `links` and `fixes` (typed, see
/// docs/probe.md), `installed` (each with its own typed links and fixes), `warnings`.
struct CheckReport: Encodable {
    var host: String
    var stack: StackVerdict?
    var installed: [InstalledVerdict]
    /// The probed host's environments read from their files (`dlenv inspect`'s verdicts).
    var environments: [InspectionVerdict] = []
    var warnings: [String]

    var compatible: Bool {
        stack?.compatible ?? (installed.allSatisfy(\.compatible) && environments.allSatisfy(\.consistent))
    }

    enum CodingKeys: String, CodingKey {
        case compatible, host, candidate, links, fixes, installed, environments, warnings
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(compatible, forKey: .compatible)
        try c.encode(host, forKey: .host)
        try c.encode(stack?.candidate, forKey: .candidate)
        try c.encode(stack?.links ?? [], forKey: .links)
        try c.encode(stack?.fixes ?? installed.flatMap(\.fixes), forKey: .fixes)
        try c.encode(installed, forKey: .installed)
        try c.encode(environments, forKey: .environments)
        try c.encode(warnings, forKey: .warnings)
    }
}
