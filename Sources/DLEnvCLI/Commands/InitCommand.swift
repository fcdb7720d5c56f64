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
        let target: ProjectInit.Target =
            self.target.map(ProjectInit.Target.report)
            ?? (!gpus.isEmpty || driver != nil
                ? .declared(gpus: gpus, driver: driver) : noProbe ? .none : .probe(root: root))
        let (text, draft) = try ProjectInit.propose(
            folder: folder.path, target: target, matrix: try MatrixOptions.load(matrix),
            dlenvVersion: DLEnvVersion.current)
        if stdout {
            print(text, terminator: "")
            return
        }
        try RecipeSupport.write([("dlenv.yaml", text)], into: folder.path)
        Output.printError(
            "wrote \(specPath) (torch \(draft.torch), \(draft.accelerator), Python \(draft.python ?? "?"))")
    }
}
