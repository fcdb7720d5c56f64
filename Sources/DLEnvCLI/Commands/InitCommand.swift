import ArgumentParser
import DLEnvCore
import DLEnvProbe
import DLEnvRecipe
import DLEnvService
import Foundation

/// `dlenv init [DIR]`: proposes a dlenv.yaml for a project folder.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a dlenv.yaml for a project folder.",
        discussion: """
            Reads requirements.txt and pyproject.toml (name, requires-python, dependencies, torch pins) and \
            resolves the newest stack for the target: a saved probe report (--target, as `dlenv probe --json` \
            writes it), declared GPUs and driver (--gpu, --driver), or else this host as the probe sees it \
            (--root DIR probes an unpacked image or fixture instead; --no-probe gives a CPU image).
            """)

    @Argument(help: "The project folder (default: the current directory).")
    var directory: String = "."

    @Option(help: "A probe report (JSON, as `dlenv probe --json` writes it) describing the machines to target.")
    var target: String?

    @Option(name: .customLong("gpu"), help: "A GPU the image must run on (name or compute capability); repeatable.")
    var gpus: [String] = []

    @Option(help: "The oldest NVIDIA driver of the target machines.")
    var driver: String?

    @Flag(help: "Do not probe this host: without --target or --gpu the spec is for a CPU image.")
    var noProbe = false

    @Option(
        help: ArgumentHelp(
            "Probe the files under DIR instead of this host (a fixture, an unpacked image).", valueName: "DIR"))
    var root: String?

    @Flag(help: "Overwrite an existing dlenv.yaml.")
    var force = false

    @Flag(help: "Print the spec instead of writing it.")
    var stdout = false

    @Option(help: "Read the compatibility matrix from this directory instead of the embedded copy.")
    var matrix: String?

    func run() throws {
        let folder = URL(fileURLWithPath: directory)
        let specPath = folder.appendingPathComponent("dlenv.yaml").path
        if !stdout, !force, FileManager.default.fileExists(atPath: specPath) {
            throw CLIFailure.badInput(
                "\(specPath) already exists", at: SourceLocation(file: specPath),
                remedy: "pass --force to overwrite it, or --stdout to see the proposal")
        }
        let facts = ProjectScanner.scan(
            requirements: FileText.optional(folder.appendingPathComponent("requirements.txt").path),
            pyproject: FileText.optional(folder.appendingPathComponent("pyproject.toml").path))
        let (targetSpec, source) = try resolveTarget()
        let matrix = try MatrixOptions.load(matrix)
        let draft = try InitPlanner.draft(
            facts: facts, folderName: folder.standardizedFileURL.lastPathComponent, target: targetSpec,
            targetSource: source, matrix: matrix, dlenvVersion: DLEnvVersion.current)
        let text = SpecWriter.render(draft)
        if stdout {
            print(text, terminator: "")
            return
        }
        try RecipeSupport.write([("dlenv.yaml", text)], into: folder.path)
        Output.printError(
            "wrote \(specPath) (torch \(draft.torch), \(draft.accelerator), Python \(draft.python ?? "?"))")
    }

    /// The target from --target, --gpu/--driver, else the probe of this host (or of --root), else none (CPU).
    func resolveTarget() throws -> (Spec.Target, String?) {
        if let target {
            return (InitPlanner.target(from: try SavedHostReport.read(target)), "the probe report \(target)")
        }
        var spec = Spec.Target()
        for (i, gpu) in gpus.enumerated() {
            if let problem = FieldGuard.check(gpu, as: .gpu, field: "--gpu \(i + 1)", at: nil) {
                throw CLIFailure.badInput([problem])
            }
            spec.gpus.append(gpu)
        }
        if let driver {
            guard FieldGuard.check(driver, as: .driverVersion, field: "--driver", at: nil) == nil,
                let version = Version(driver)
            else {
                throw CLIFailure.badInput("--driver '\(driver)' is not a driver version", remedy: "e.g. 535.104.05")
            }
            spec.driver = version
        }
        if !spec.isEmpty { return (spec, "--gpu/--driver") }
        if noProbe { return (spec, nil) }
        // Interpreters are not examined: init needs only the GPUs and the driver, and importing torch is slow.
        let options = ProbeOptions(pythons: [], searchPath: false, timeout: 5)
        let facts = HostProbe(system: LiveSystem(root: root), options: options).run().facts
        let probed = InitPlanner.target(from: facts)
        return (probed, probed.isEmpty ? nil : "probing \(root ?? "this host")")
    }
}
