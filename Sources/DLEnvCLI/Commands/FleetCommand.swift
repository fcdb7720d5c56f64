import ArgumentParser
import DLEnvCore
import DLEnvMatrix
import DLEnvRecipe
import Foundation

/// `dlenv fleet`: many projects × many GPU types on existing engines (docker buildx bake, Kubernetes Jobs,
/// Slurm, GitHub Actions), and the results collected back.
struct FleetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Plan images and verification jobs for a fleet of GPU types; check a plan.",
        discussion: "See docs/fleet.md for the workspace file and the engines.",
        subcommands: [FleetPlanCommand.self, FleetCheckCommand.self]
    )
}

/// `dlenv fleet plan WORKSPACE [-o DIR]`.
struct FleetPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Resolve every project on every GPU type and write bake, Kubernetes, Slurm and GitHub files.")

    @Argument(help: "The workspace file (dlenv-workspace.yaml).")
    var workspace: String

    @Option(name: .shortAndLong, help: "Folder to write the plan to (default: plan/ next to the workspace).")
    var output: String?

    @Option(help: "Read the compatibility matrices from this folder instead of the embedded copy.")
    var matrix: String?

    @Flag(help: "Print plan.json on standard output.")
    var json = false

    func run() throws {
        let matrix = try FleetSupport.loadMatrix(self.matrix)
        let loaded = try FleetSupport.loadWorkspace(workspace)
        let targets: [FleetTarget]
        do {
            targets = try FleetPlanner.targets(loaded.workspace, matrix: matrix)
        } catch {
            throw CLIFailure.badInput(error.diagnostics)
        }
        let projects = try FleetSupport.loadProjects(loaded.workspace, directory: loaded.directory)
        let plan = FleetResolution.planner(matrix: matrix, workspaceFile: loaded.workspace.file)
            .plan(workspace: loaded.workspace, projects: projects, targets: targets)
        let directory = output ?? FleetSupport.join(loaded.directory, "plan")
        let files = plan.files(planDirectory: directory)
        let problems = FleetPlanChecker(
            knownProducts: FleetPlanner.knownProducts(matrix: matrix, workspace: loaded.workspace), folder: directory
        ).check(files)
        guard problems.isEmpty else {
            throw CLIFailure(rendered: DiagnosticRenderer.render(problems), exitCode: ExitStatus.failed)
        }
        try FleetSupport.write(files, to: directory)
        if json {
            print(FleetPlanDocument.document(plan).json(), terminator: "")
        } else {
            print(FleetSupport.summary(plan, directory: directory), terminator: "")
        }
        if plan.jobs.isEmpty { throw ExitCode(ExitStatus.failed) }
    }
}

/// `dlenv fleet check DIR`: dlenv's own semantic checks of a plan folder.
struct FleetCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a plan folder: GPU limits, product labels the matrix knows, images named in the bake file.")

    @Argument(help: "The plan folder (with docker-bake.json).")
    var directory: String

    @Option(help: "Read the compatibility matrices from this folder instead of the embedded copy.")
    var matrix: String?

    func run() throws {
        let matrix = try FleetSupport.loadMatrix(self.matrix)
        let files = try FleetSupport.read(directory)
        guard !files.isEmpty else {
            throw CLIFailure.badInput(
                "no plan files in '\(directory)'", remedy: "write a plan with `dlenv fleet plan WORKSPACE -o DIR`")
        }
        var known = FleetPlanner.knownProducts(matrix: matrix)
        // Products the workspace set explicitly are listed in plan.json.
        if let planFile = files.first(where: { $0.path == FleetPlanDocument.path }),
            let plan = try? FleetDocument.parse(planFile.contents, file: planFile.path)
        {
            for gpu in plan["gpus"]?.items ?? [] { if let p = gpu["product"]?.stringValue { known.insert(p) } }
        }
        let problems = FleetPlanChecker(knownProducts: known, folder: directory).check(files)
        guard problems.isEmpty else {
            throw CLIFailure(rendered: DiagnosticRenderer.render(problems), exitCode: ExitStatus.failed)
        }
        print("\(directory): \(files.count) files checked, no problems")
    }
}
