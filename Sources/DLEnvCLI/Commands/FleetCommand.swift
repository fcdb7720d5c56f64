import ArgumentParser
import DLEnvCore
import DLEnvMatrix
import DLEnvRecipe
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

/// `dlenv fleet collect FILE…`: stores what the verification jobs printed.
struct FleetCollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Store fleet job results (dlenv verify --json, with the host's probe report) in the history database."
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

    func run() throws {
        let matrix = try FleetSupport.loadMatrix(self.matrix)
        let jobs = try plan.map { try FleetCollecting.jobs(planFile: $0) } ?? [:]
        let records = try FleetCollecting.records(
            files: files, jobs: jobs, gpu: gpu, driver: driver, matrix: matrix, now: Date())
        let path = StoreAccess.path(db: db)
        var stored = 0
        do {
            let store = try FleetStore(path: path, busyTimeout: StoreAccess.busyTimeout)
            for record in records where try store.insert(record) { stored += 1 }
        } catch {
            throw CLIFailure.environment(error.description, remedy: error.remedy)
        }
        if !records.isEmpty { StoreVerified.markHasFleetResults(dbPath: path) }
        for r in records {
            let job = r.job.map { "\($0) shard \(r.shard ?? 0)" } ?? r.source
            print("\(job): \(r.passed ? "passed" : "FAILED") on \(r.gpu) (driver \(r.driver)), \(r.stack)")
        }
        print(
            "stored \(stored) of \(records.count) results in \(path)"
                + (stored < records.count ? " (the rest were stored before)" : ""))
    }
}

/// `dlenv fleet report`: GPU product × driver × stack → passed / failed / not run.
struct FleetReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Show which GPU product × driver × stack combinations passed, failed or did not run.")

    @Option(help: "A plan.json: its combinations without results show as not run.")
    var plan: String?

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Print a self-contained HTML page.")
    var html = false

    @Option(help: "The history database (default: $XDG_DATA_HOME/dlenv/dlenv.sqlite).")
    var db: String?

    func validate() throws {
        if json && html { throw ValidationError("--json and --html exclude each other") }
    }

    func run() throws {
        let jobs = try plan.map { try FleetCollecting.jobs(planFile: $0) } ?? [:]
        let results: [FleetResultRecord]
        do {
            results = try FleetStore(path: StoreAccess.path(db: db), busyTimeout: StoreAccess.busyTimeout).results()
        } catch {
            throw CLIFailure.environment(error.description, remedy: error.remedy)
        }
        let rows = FleetReport.rows(results: results, planned: FleetCollecting.planned(jobs))
        if json {
            try Output.printJSON(FleetReportDocument(rows: rows))
        } else if html {
            print(FleetReportRendering.html(rows), terminator: "")
        } else {
            print(FleetReportRendering.text(rows), terminator: "")
        }
        if rows.contains(where: { $0.status == .failed }) { throw ExitCode(ExitStatus.failed) }
    }
}

/// The `--json` form of the report.
struct FleetReportDocument: Encodable {
    var rows: [FleetReport.Row]
    var summary: [String: Int] {
        [
            "passed": rows.filter { $0.status == .passed }.count, "failed": rows.filter { $0.status == .failed }.count,
            "not_run": rows.filter { $0.status == .notRun }.count,
        ]
    }
    enum CodingKeys: String, CodingKey { case rows, summary }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rows, forKey: .rows)
        try c.encode(summary, forKey: .summary)
    }
}
