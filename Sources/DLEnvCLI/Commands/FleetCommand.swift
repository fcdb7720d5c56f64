import ArgumentParser
import DLEnvCore
import DLEnvMatrix
import DLEnvRecipe
import DLEnvReport
import DLEnvService
import DLEnvStore
import Foundation

/// `dlenv fleet`: many projects × many GPU types on existing engines (docker buildx bake, Kubernetes Jobs,
/// Slurm, GitHub Actions), and the results collected back.
struct FleetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Plan images and verification jobs for a fleet of GPU types; collect and report the results.",
        discussion: "See docs/fleet.md for the workspace file and the engines.",
        subcommands: [
            FleetPlanCommand.self, FleetCheckCommand.self, FleetCollectCommand.self, FleetReportCommand.self,
        ]
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
        let (plan, directory, files, problems) = try FleetFiles.plan(
            workspacePath: workspace, output: output, matrix: try MatrixOptions.load(self.matrix),
            dlenvVersion: DLEnvVersion.current, twin: RecipeSupport.twin)
        guard problems.isEmpty else {
            throw CLIFailure(rendered: DiagnosticRenderer.render(problems), exitCode: ExitStatus.failed)
        }
        let removed = try FleetSupport.write(files, to: directory)
        if json {
            print(FleetPlanDocument.document(plan).json(), terminator: "")
        } else {
            print(FleetSupport.summary(plan, directory: directory), terminator: "")
        }
        Output.printError(
            "wrote \(files.count) files and \(FleetPlanManifest.path) (the list of them) in \(directory)"
                + (removed.isEmpty
                    ? "" : "; removed \(removed.count) it wrote before: \(removed.joined(separator: ", "))"))
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

    @Flag(help: "Print JSON (keys: folder, files, problems [{severity, message, location, remedy}], ok).")
    var json = false

    /// What `fleet check --json` prints.
    struct CheckJSON: Encodable {
        var folder: String
        var files: Int
        var problems: [Diagnostic]
        var ok: Bool
    }

    func run() throws {
        let (files, problems) = try FleetFiles.check(directory, matrix: try MatrixOptions.load(self.matrix))
        if json {
            try Output.printJSON(CheckJSON(folder: directory, files: files, problems: problems, ok: problems.isEmpty))
            if !problems.isEmpty { throw ExitCode(ExitStatus.failed) }
            return
        }
        guard problems.isEmpty else {
            throw CLIFailure(rendered: DiagnosticRenderer.render(problems), exitCode: ExitStatus.failed)
        }
        print("\(directory): \(files) files checked, no problems")
    }
}

/// `dlenv fleet collect FILE…`: stores what the verification jobs printed, each result checked against the job it
/// claims to be.
struct FleetCollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract:
            "Store fleet job results (dlenv verify --json, with the host's probe report) in the history database.",
        discussion: """
            Each result is attributed to the plan's job of its name (--plan), else to the GPU and driver of its \
            probe report, else to --gpu and --driver, and then checked against its own reports: the GPU and \
            driver of the probe, and the torch build, Python and device of the verify report. A result that \
            contradicts its job (a CPU run under a GPU job, another torch build) is stored as a mismatch, with \
            the claimed and the observed values, and never counts as verified.

            Files are bad input (exit 2, nothing stored) when they are larger than 16 MiB, are not JSON, are \
            not a result, or name a job that is not a job name (a DNS-1123 label; never a path). Only the \
            history database is written.
            """
    )

    @Argument(help: "Result files: what the generated jobs wrote, or `dlenv verify --json` output.")
    var files: [String]

    @Option(help: "The plan.json the jobs came from (names the GPU, driver and stack of each job).")
    var plan: String?

    @Option(help: "The GPU that produced results without a probe report or plan (a matrix GPU name).")
    var gpu: String?

    @Option(help: "The driver of that GPU.")
    var driver: String?

    @Option(help: "The history database (default: $XDG_DATA_HOME/dlenv/dlenv.sqlite).")
    var db: String?

    @Option(help: "Read the compatibility matrices from this folder instead of the embedded copy.")
    var matrix: String?

    @Flag(
        help:
            "Print JSON (keys: database, stored, results [{source, job, shard, status, gpu, product, driver, stack, mismatches}])."
    )
    var json = false

    func run() throws {
        let path = StoreAccess.path(db: db)
        let (records, stored) = try FleetFiles.collect(
            files: files, planFile: plan, gpu: gpu, driver: driver, matrix: try MatrixOptions.load(self.matrix),
            database: path, busyTimeout: StoreAccess.busyTimeout)
        if json {
            try Output.printJSON(FleetCollectDocument(database: path, stored: stored, records: records))
        } else {
            print(FleetReportRendering.collected(records, stored: stored, database: path), terminator: "")
        }
    }
}

/// `dlenv fleet report`: GPU product × driver × stack → passed / failed / not run.
struct FleetReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Show which GPU product × driver × stack combinations passed, failed, mismatched or did not run.",
        discussion: """
            A combination is failed when any of its latest results (per job shard) failed, else mismatch when any \
            of them did not run on what its job claims, else passed; not run comes from --plan. Exit 1 when any \
            combination failed or mismatched.
            """)

    @Option(help: "A plan.json: its combinations without results show as not run.")
    var plan: String?

    @Flag(help: "Print JSON.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Write a self-contained HTML page to FILE (- prints it), as `dlenv report --html FILE` does.",
            valueName: "FILE"))
    var html: String?

    @Option(help: "The history database (default: $XDG_DATA_HOME/dlenv/dlenv.sqlite).")
    var db: String?

    func validate() throws {
        if json && html != nil { throw ValidationError("--json and --html exclude each other") }
    }

    func run() throws {
        let rows = try FleetFiles.report(
            planFile: plan, database: StoreAccess.path(db: db), busyTimeout: StoreAccess.busyTimeout)
        if json {
            try Output.printJSON(FleetReportDocument(rows: rows))
        } else if let html, html == "-" {
            print(FleetReportPage.html(rows), terminator: "")
        } else if let html {
            try Output.writeFiles([FileSetWriter.File(path: html, text: FleetReportPage.html(rows))])
            print("wrote the fleet report to \(html)")
        } else {
            print(FleetReportRendering.text(rows), terminator: "")
        }
        if rows.contains(where: { $0.status == .failed || $0.status == .mismatch }) {
            throw ExitCode(ExitStatus.failed)
        }
    }
}
