import DLEnvCore
import DLEnvMatrix
import DLEnvRecipe
import DLEnvStore
import Foundation

/// File handling for `dlenv fleet`: the only place the fleet reads or writes the disk.
enum FleetSupport {
    static func join(_ directory: String, _ name: String) -> String {
        directory.isEmpty || directory == "."
            ? name : (directory.hasSuffix("/") ? directory + name : "\(directory)/\(name)")
    }

    static func readText(_ path: String, missing: Diagnostic) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure.badInput([missing]) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIFailure.badInput("'\(path)' is not UTF-8 text", remedy: "save it as UTF-8")
        }
        return text
    }

    /// The workspace and the folder its relative paths start from.
    static func loadWorkspace(_ path: String) throws -> (workspace: FleetWorkspace, directory: String) {
        let text = try readText(
            path,
            missing: Diagnostic(
                .error, "cannot read the workspace file '\(path)'", remedy: "pass the path of a dlenv-workspace.yaml"))
        do {
            let workspace = try FleetWorkspace.parse(yaml: text, file: path)
            return (workspace, (path as NSString).deletingLastPathComponent)
        } catch {
            throw CLIFailure.badInput(error.diagnostics)
        }
    }

    /// Every project's spec (the reference against the workspace's folder; a folder: its dlenv.yaml), read and
    /// handed to `FleetProject.load`, which parses and checks them.
    static func loadProjects(_ workspace: FleetWorkspace, directory: String) throws -> [FleetProject] {
        let sources = workspace.projects.map { reference in
            var path = reference.path.hasPrefix("/") ? reference.path : join(directory, reference.path)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                path = join(path, "dlenv.yaml")
            }
            let text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
            return FleetProject.Source(reference: reference, path: path, text: text)
        }
        do {
            return try FleetProject.load(sources)
        } catch {
            throw CLIFailure.badInput(error.diagnostics)
        }
    }

    /// Writes the plan files and its manifest all or none, then removes the files of the previous manifest that
    /// the plan no longer produces (never a file dlenv did not write); returns the removed paths.
    @discardableResult
    static func write(_ files: [FleetFile], to directory: String) throws -> [String] {
        let manifestPath = join(directory, FleetPlanManifest.path)
        let previous = FileManager.default.contents(atPath: manifestPath).map { String(decoding: $0, as: UTF8.self) }
        let paths = files.map(\.path)
        try Output.writeFiles(
            files.map { FileSetWriter.File(path: join(directory, $0.path), text: $0.contents) }
                + [FileSetWriter.File(path: manifestPath, text: FleetPlanManifest.render(paths))])
        var removed: [String] = []
        for relative in FleetPlanManifest.stale(previous: previous, paths: paths) {
            let path = join(directory, relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            do {
                try FileManager.default.removeItem(atPath: path)
                removed.append(relative)
            } catch {
                throw CLIFailure.environment(
                    "wrote the plan but cannot remove the stale \(path): \(error.localizedDescription)",
                    remedy: "remove it by hand; the new plan no longer has it")
            }
        }
        return removed
    }

    /// The files of a plan folder (those `dlenv fleet plan` writes), paths relative to it.
    static func read(_ directory: String) throws -> [FleetFile] {
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(atPath: directory) else {
            throw CLIFailure.badInput("cannot read the plan folder '\(directory)'", remedy: "pass a plan folder")
        }
        var files: [FleetFile] = []
        for case let relative as String in enumerator {
            let path = join(directory, relative)
            var isDirectory: ObjCBool = false
            guard relative != FleetPlanManifest.path,
                fm.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = fm.contents(atPath: path)
            else { continue }
            files.append(FleetFile(path: relative, contents: String(decoding: data, as: UTF8.self)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The jobs of a plan.json (read back through `FleetPlanFile`, the type `fleet plan` writes), by name.
    static func jobs(planFile: String) throws -> [String: FleetPlannedJob] {
        let text = try readText(
            planFile,
            missing: Diagnostic(.error, "cannot read the plan '\(planFile)'", remedy: "pass the plan.json of the plan"))
        let plan: FleetPlanFile
        do {
            plan = try FleetPlanFile.decode(Data(text.utf8), file: planFile)
        } catch {
            throw CLIFailure.badInput(error.diagnostics)
        }
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
    static func readResult(_ file: String) throws(DiagnosticsError) -> Data {
        let location = SourceLocation(file: file)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
            throw DiagnosticsError(
                Diagnostic(.error, "no such file", at: location, remedy: "check the path of the result file"))
        }
        if isFolder.boolValue {
            throw DiagnosticsError(
                Diagnostic(
                    .error, "is a folder, not a result file", at: location,
                    remedy: "pass the files in it (for example \(file)/*.json)"))
        }
        let tooLarge = { (bytes: Int) in
            Diagnostic(
                .error, FleetResultParser.tooLarge(bytes: bytes), at: location,
                remedy:
                    "pass the JSON one fleet job printed (a few hundred KiB at most); split a log that holds several results into one file per job"
            )
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber,
            size.intValue > FleetResultParser.maxBytes
        {
            throw DiagnosticsError(tooLarge(size.intValue))
        }
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw DiagnosticsError(
                Diagnostic(.error, "cannot read the file", at: location, remedy: "check its permissions"))
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: FleetResultParser.maxBytes + 1) ?? Data()
        } catch {
            throw DiagnosticsError(
                Diagnostic(
                    .error, "cannot read the file (\(error.localizedDescription))", at: location,
                    remedy: "check its permissions"))
        }
        if data.count > FleetResultParser.maxBytes { throw DiagnosticsError(tooLarge(data.count)) }
        return data
    }

    /// The human summary of a plan.
    static func summary(_ plan: FleetPlan, directory: String) -> String {
        let planned = plan.pairs.filter { if case .planned = $0.outcome { true } else { false } }
        var lines = [
            "planned \(planned.count) of \(plan.pairs.count) (project, GPU type) pairs on \(plan.targets.count) GPU types: "
                + "\(plan.images.count) images, \(plan.jobs.count) jobs → \(directory)"
        ]
        for image in plan.images {
            lines.append("  image \(image.name): \(image.projects.joined(separator: ", "))")
        }
        for pair in plan.pairs {
            guard case .refused(let reasons) = pair.outcome else { continue }
            let target = plan.targets[pair.target]
            lines.append("  refused \(pair.project) on \(target.gpu) (driver \(target.driver)):")
            lines += reasons.map { "    - \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
