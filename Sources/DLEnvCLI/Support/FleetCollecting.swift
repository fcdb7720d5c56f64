import DLEnvCore
import DLEnvMatrix
import DLEnvRecipe
import DLEnvStore
import Foundation

/// Turns collected job output into store records, attributing each to a GPU, driver and stack: the plan's job
/// of that name, else the probe report the job sent, else `--gpu`/`--driver`. Each result's own reports (its
/// probe and its verify environment) are then checked against that attribution (`FleetAttribution`): a result
/// that contradicts its job is stored as a mismatch, never as a verification. The files come from outside: a
/// file that is too large, not JSON, or names a job that is not a job name is bad input, and nothing is stored.
enum FleetCollecting {
    /// What plan.json says about one job.
    struct PlannedJob {
        var gpu: String
        var product: String
        var driver: String
        var image: String
        var stack: String
        /// The image's torch build and Python.
        var torch: String?
        var variant: String?
        var python: String?
    }

    /// The jobs of a plan.json (read back through `FleetPlanFile`, the type `fleet plan` writes), by name.
    static func jobs(planFile: String) throws -> [String: PlannedJob] {
        let text = try FleetSupport.readText(
            planFile,
            missing: Diagnostic(.error, "cannot read the plan '\(planFile)'", remedy: "pass the plan.json of the plan"))
        let plan: FleetPlanFile
        do {
            plan = try FleetPlanFile.decode(Data(text.utf8), file: planFile)
        } catch {
            throw CLIFailure.badInput(error.diagnostics)
        }
        var jobs: [String: PlannedJob] = [:]
        for job in plan.jobs {
            // `decode` checked that every job's image is in the plan.
            guard let stack = plan.image(named: job.image)?.stack else { continue }
            jobs[job.name] = PlannedJob(
                gpu: job.gpu, product: job.product, driver: job.driver, image: job.image,
                stack: FleetResultRecord.stackKey(torch: stack.torch, variant: stack.variant, python: stack.python),
                torch: stack.torch, variant: stack.variant, python: stack.python)
        }
        return jobs
    }

    /// The bytes of a result file, refusing what is not a plain file or is larger than any result (read at most
    /// one byte past the limit, so a huge file or a device never fills memory).
    static func read(_ file: String) throws(DiagnosticsError) -> Data {
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

    /// One record per file, or bad input naming every file that cannot be read or attributed.
    static func records(
        files: [String], jobs: [String: PlannedJob], gpu: String?, driver: String?, matrix: CompatibilityMatrix,
        now: Date
    ) throws -> [FleetResultRecord] {
        var records: [FleetResultRecord] = []
        var problems: [Diagnostic] = []
        let canonical = { (name: String) in matrix.gpu(named: name)?.name ?? name }
        for file in files {
            let data: Data
            let parsed: FleetResultParser.Parsed
            do {
                data = try read(file)
                parsed = try FleetResultParser.parse(data, file: file)
            } catch {
                problems += error.diagnostics
                continue
            }
            let observed = FleetObservation(parsed, canonicalGPU: canonical)
            let planned = parsed.job.flatMap { jobs[$0] }
            let env = parsed.environment
            // The attribution is the claim: the plan's job, else the probe's GPU and driver, else the flags.
            let gpuName = planned?.gpu ?? parsed.gpuName.map(canonical) ?? gpu.map(canonical)
            let driverVersion = planned?.driver ?? parsed.driverVersion ?? driver
            let stack =
                planned?.stack
                ?? env["torch"].map { torch in
                    FleetResultRecord.stackKey(
                        torch: torch, variant: env["cuda"].map { "cu" + $0.replacingOccurrences(of: ".", with: "") },
                        python: env["python"] ?? "?")
                }
            guard let gpuName, let driverVersion, let stack else {
                problems.append(
                    Diagnostic(
                        .error, "cannot tell which GPU, driver or stack produced this result",
                        at: SourceLocation(file: file),
                        remedy:
                            "collect the files the planned jobs wrote with --plan plan.json, or pass --gpu and --driver"
                    ))
                continue
            }
            // Every fleet job verifies on a GPU (`dlenv verify --device cuda`): a result attributed to one claims it.
            let claim = FleetClaim(
                gpu: gpuName, driver: driverVersion, torch: planned?.torch, variant: planned?.variant,
                python: planned?.python, device: "cuda")
            var product = FleetNaming.productLabel(forGPUName: gpuName)
            if let planned { product = planned.product }
            records.append(
                FleetResultRecord(
                    digest: FleetResultRecord.digest(data), source: file, collectedAt: now, job: parsed.job,
                    shard: parsed.shard, gpu: gpuName, product: product, driver: driverVersion, image: planned?.image,
                    stack: stack, passed: parsed.passed, exitStatus: parsed.exitStatus,
                    failedWorkloads: parsed.failedWorkloads, verifyJSON: parsed.verifyJSON, probeJSON: parsed.probeJSON,
                    mismatches: FleetAttribution.mismatches(claim: claim, observed: observed))
            )
        }
        guard problems.isEmpty else { throw CLIFailure.badInput(problems) }
        return records
    }

    /// The combinations a plan expects, for `not run` rows.
    static func planned(_ jobs: [String: PlannedJob]) -> [FleetReport.Planned] {
        jobs.values.map {
            FleetReport.Planned(gpu: $0.gpu, product: $0.product, driver: $0.driver, stack: $0.stack, image: $0.image)
        }
    }
}
