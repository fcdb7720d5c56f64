import DLEnvCore
import DLEnvMatrix
import DLEnvRecipe
import DLEnvStore
import Foundation

/// What `dlenv fleet` reads from the disk: the workspace and its projects' specs, a plan folder, a plan.json's
/// jobs, and result files (bounded, never a folder or a device).
public enum FleetFiles {
    /// `directory/name` ("name" for the current folder).
    public static func join(_ directory: String, _ name: String) -> String {
        directory.isEmpty || directory == "."
            ? name : (directory.hasSuffix("/") ? directory + name : "\(directory)/\(name)")
    }

    /// The workspace and the folder its relative paths start from.
    public static func loadWorkspace(_ path: String) throws -> (workspace: FleetWorkspace, directory: String) {
        guard let data = try BoundedFile.userFile(path, limit: BoundedFile.specLimit) else {
            throw DiagnosticsError(
                Diagnostic(
                    .error, "cannot read the workspace file '\(path)'", at: SourceLocation(file: path),
                    remedy: "pass the path of a dlenv-workspace.yaml"))
        }
        // Bytes that are not UTF-8 are refused with their line and column, never replaced.
        let text = try SpecText.decode(data, file: path)
        return (try FleetWorkspace.parse(yaml: text, file: path), (path as NSString).deletingLastPathComponent)
    }

    /// Every project's spec (the reference against the workspace's folder; a folder: its dlenv.yaml), read and
    /// handed to `FleetProject.load`, which parses and checks them.
    public static func loadProjects(_ workspace: FleetWorkspace, directory: String) throws -> [FleetProject] {
        let read = { (reference: FleetWorkspace.ProjectReference) throws(DiagnosticsError) -> FleetProject.Source in
            var path = reference.path.hasPrefix("/") ? reference.path : join(directory, reference.path)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                path = join(path, "dlenv.yaml")
            }
            // Bytes that are not UTF-8 are refused with their line and column, never replaced.
            let data = try BoundedFile.userFile(path, limit: BoundedFile.specLimit)
            let text = try data.map { (d: [UInt8]) throws(DiagnosticsError) in try SpecText.decode(d, file: path) }
            return FleetProject.Source(reference: reference, path: path, text: text)
        }
        return try FleetProject.load(try workspace.projects.map(read))
    }

    /// The plan of a workspace and the files it writes into `output` (default: plan/ beside the workspace), with
    /// dlenv's own checks of those files.
    public static func plan(
        workspacePath: String, output: String?, matrix: CompatibilityMatrix, dlenvVersion: String, twin: String
    ) throws -> (plan: FleetPlan, directory: String, files: [FleetFile], problems: [Diagnostic]) {
        let loaded = try loadWorkspace(workspacePath)
        let targets = try FleetPlanner.targets(loaded.workspace, matrix: matrix)
        let projects = try loadProjects(loaded.workspace, directory: loaded.directory)
        let plan = FleetResolution.planner(
            matrix: matrix, workspaceFile: loaded.workspace.file, dlenvVersion: dlenvVersion, twin: twin
        ).plan(workspace: loaded.workspace, projects: projects, targets: targets)
        let directory = output ?? join(loaded.directory, "plan")
        let files = plan.files(planDirectory: directory)
        let problems = FleetPlanChecker(
            knownProducts: FleetPlanner.knownProducts(matrix: matrix, workspace: loaded.workspace), folder: directory
        ).check(files)
        return (plan, directory, files, problems)
    }

    /// The files of a plan folder (those `dlenv fleet plan` writes), paths relative to it.
    public static func read(_ directory: String) throws(DiagnosticsError) -> [FleetFile] {
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(atPath: directory) else {
            throw DiagnosticsError(
                Diagnostic(.error, "cannot read the plan folder '\(directory)'", remedy: "pass a plan folder"))
        }
        var files: [FleetFile] = []
        for case let relative as String in enumerator {
            let path = join(directory, relative)
            var isDirectory: ObjCBool = false
            guard relative != FleetPlanManifest.path,
                fm.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = try BoundedFile.userFile(path, limit: BoundedFile.documentLimit)
            else { continue }
            files.append(FleetFile(path: relative, contents: String(decoding: data, as: UTF8.self)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// dlenv's checks of a plan folder: the number of files and the problems found.
    public static func check(_ directory: String, matrix: CompatibilityMatrix) throws -> (
        files: Int, problems: [Diagnostic]
    ) {
        let files = try read(directory)
        guard !files.isEmpty else {
            throw DiagnosticsError(
                Diagnostic(
                    .error, "no plan files in '\(directory)'",
                    remedy: "write a plan with `dlenv fleet plan WORKSPACE -o DIR`"))
        }
        let known = FleetPlanner.knownProducts(matrix: matrix, planFiles: files)
        return (files.count, FleetPlanChecker(knownProducts: known, folder: directory).check(files))
    }

    /// The jobs of a plan.json (read back through `FleetPlanFile`, the type `fleet plan` writes), by name.
    public static func jobs(planFile: String) throws -> [String: FleetPlannedJob] {
        let text = try FileText.read(
            planFile, missing: "cannot read the plan '\(planFile)'", remedy: "pass the plan.json of the plan")
        let plan = try FleetPlanFile.decode(Data(text.utf8), file: planFile)
        var jobs: [String: FleetPlannedJob] = [:]
        for job in plan.jobs {
            // `decode` checked that every job's image is in the plan.
            guard let stack = plan.image(named: job.image)?.stack else { continue }
            jobs[job.name] = FleetPlannedJob(
                gpu: job.gpu, product: job.product, driver: job.driver, image: job.image, torch: stack.torch,
                variant: stack.variant, python: stack.python)
        }
        return jobs
    }

    /// The bytes of a result file, refusing what is not a plain file or is larger than any result (read at most
    /// one byte past the limit, so a huge file or a device never fills memory).
    public static func readResult(_ file: String) throws(DiagnosticsError) -> Data {
        let location = SourceLocation(file: file)
        func problem(_ message: String, _ remedy: String) -> DiagnosticsError {
            DiagnosticsError(Diagnostic(.error, message, at: location, remedy: remedy))
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
            throw problem("no such file", "check the path of the result file")
        }
        if isFolder.boolValue {
            throw problem("is a folder, not a result file", "pass the files in it (for example \(file)/*.json)")
        }
        let tooLarge = { (bytes: Int) in
            problem(
                FleetResultParser.tooLarge(bytes: bytes),
                "pass the JSON one fleet job printed (a few hundred KiB at most); split a log that holds several results into one file per job"
            )
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber,
            size.intValue > FleetResultParser.maxBytes
        {
            throw tooLarge(size.intValue)
        }
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw problem("cannot read the file", "check its permissions")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: FleetResultParser.maxBytes + 1) ?? Data()
        } catch {
            throw problem("cannot read the file", "check its permissions")
        }
        if data.count > FleetResultParser.maxBytes { throw tooLarge(data.count) }
        return data
    }

    /// `fleet collect`: the result files as records (each attributed and checked), stored in the database at `path`;
    /// returns the records and how many were new.
    public static func collect(
        files: [String], planFile: String?, gpu: String?, driver: String?, matrix: CompatibilityMatrix,
        database path: String, busyTimeout: Double
    ) throws -> (records: [FleetResultRecord], stored: Int) {
        let collection = FleetCollection(
            jobs: try planFile.map { try Self.jobs(planFile: $0) } ?? [:], gpu: gpu, driver: driver,
            canonicalGPU: { matrix.gpu(named: $0)?.name ?? $0 }, isKnownGPU: { matrix.gpu(named: $0) != nil },
            productLabel: FleetNaming.productLabel(forGPUName:))
        let records = try collection.records(files: files, collectedAt: Date(), read: readResult)
        var stored = 0
        do {
            let store = try FleetStore(path: path, busyTimeout: busyTimeout)
            for record in records where try store.insert(record) { stored += 1 }
        } catch {
            throw EnvironmentError(error.description, remedy: error.remedy)
        }
        return (records, stored)
    }

    /// `fleet report`: GPU product × driver × stack rows from the stored results and the plan's jobs.
    public static func report(planFile: String?, database path: String, busyTimeout: Double) throws -> [FleetReport.Row]
    {
        let planned = try planFile.map { try Self.jobs(planFile: $0) } ?? [:]
        let results: [FleetResultRecord]
        do {
            results = try FleetStore.results(readingOnly: path, busyTimeout: busyTimeout)
        } catch {
            throw EnvironmentError(error.description, remedy: error.remedy)
        }
        return FleetReport.rows(results: results, planned: planned.values.map(\.planned))
    }
}
