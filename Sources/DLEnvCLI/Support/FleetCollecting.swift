import DLEnvCore
import DLEnvMatrix
import DLEnvRecipe
import DLEnvStore
import Foundation

/// Turns collected job output into store records, attributing each to a GPU, driver and stack: from the
/// probe report the job sent, else from the plan's job of that name, else from `--gpu`/`--driver`.
enum FleetCollecting {
    /// What plan.json says about one job.
    struct PlannedJob {
        var gpu: String
        var product: String
        var driver: String
        var image: String
        var stack: String
    }

    /// The jobs of a plan.json, by name.
    static func jobs(planFile: String) throws -> [String: PlannedJob] {
        let text = try FleetSupport.readText(
            planFile,
            missing: Diagnostic(.error, "cannot read the plan '\(planFile)'", remedy: "pass the plan.json of the plan"))
        let doc: FleetDocument
        do {
            doc = try FleetDocument.parse(text, file: planFile)
        } catch {
            throw CLIFailure.badInput(error.diagnostics)
        }
        var stacks: [String: String] = [:]
        for image in doc["images"]?.items ?? [] {
            guard let name = image["name"]?.stringValue, let stack = image["stack"],
                let torch = stack["torch"]?.stringValue, let python = stack["python"]?.stringValue
            else { continue }
            stacks[name] = FleetResultRecord.stackKey(
                torch: torch, variant: stack["variant"]?.stringValue, python: python)
        }
        var jobs: [String: PlannedJob] = [:]
        for job in doc["jobs"]?.items ?? [] {
            guard let name = job["name"]?.stringValue, let gpu = job["gpu"]?.stringValue,
                let product = job["product"]?.stringValue, let driver = job["driver"]?.stringValue,
                let image = job["image"]?.stringValue, let stack = stacks[image]
            else {
                throw CLIFailure.badInput(
                    "'\(planFile)' is not a plan.json written by `dlenv fleet plan`",
                    at: SourceLocation(file: planFile),
                    remedy: "pass the plan.json of the plan the jobs came from")
            }
            jobs[name] = PlannedJob(gpu: gpu, product: product, driver: driver, image: image, stack: stack)
        }
        return jobs
    }

    /// One record per file, or bad input naming every file that cannot be attributed.
    static func records(
        files: [String], jobs: [String: PlannedJob], gpu: String?, driver: String?, matrix: CompatibilityMatrix,
        now: Date
    ) throws -> [FleetResultRecord] {
        var records: [FleetResultRecord] = []
        var problems: [Diagnostic] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                problems.append(Diagnostic(.error, "cannot read '\(file)'", remedy: "check the path"))
                continue
            }
            let parsed: FleetResultParser.Parsed
            do {
                parsed = try FleetResultParser.parse(data, file: file)
            } catch {
                problems += error.diagnostics
                continue
            }
            let planned = parsed.job.flatMap { jobs[$0] }
            let probedGPU = parsed.gpuName
            let gpuName = probedGPU.map { matrix.gpu(named: $0)?.name ?? $0 } ?? planned?.gpu ?? gpu
            let driverVersion = parsed.driverVersion ?? planned?.driver ?? driver
            let env = parsed.environment
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
            var product = FleetNaming.productLabel(forGPUName: gpuName)
            // A plan may override the product label; keep it when the job ran on the GPU the plan expected.
            if let planned, planned.gpu == gpuName { product = planned.product }
            records.append(
                FleetResultRecord(
                    digest: FleetResultRecord.digest(data), source: file, collectedAt: now, job: parsed.job,
                    shard: parsed.shard, gpu: gpuName, product: product, driver: driverVersion, image: planned?.image,
                    stack: stack, passed: parsed.passed, exitStatus: parsed.exitStatus,
                    failedWorkloads: parsed.failedWorkloads, verifyJSON: parsed.verifyJSON, probeJSON: parsed.probeJSON)
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
