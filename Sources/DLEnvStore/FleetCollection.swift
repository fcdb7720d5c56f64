import DLEnvCore
import Foundation

/// What a plan says about one job (the CLI reads plan.json through DLEnvRecipe's `FleetPlanFile` and passes these
/// values in).
public struct FleetPlannedJob: Sendable, Hashable {
    /// The matrix's GPU name.
    public var gpu: String
    /// The `nvidia.com/gpu.product` label form.
    public var product: String
    public var driver: String
    public var image: String
    /// The stack key ("torch 2.4.1+cu124 · python 3.11").
    public var stack: String
    /// The image's torch build and Python.
    public var torch: String?
    public var variant: String?
    public var python: String?

    /// A job whose image holds torch `torch` (its `variant`) and `python`.
    public init(
        gpu: String, product: String, driver: String, image: String, torch: String, variant: String?, python: String
    ) {
        self.gpu = gpu
        self.product = product
        self.driver = driver
        self.image = image
        self.stack = FleetResultRecord.stackKey(torch: torch, variant: variant, python: python)
        self.torch = torch
        self.variant = variant
        self.python = python
    }

    /// The combination the job expects, for a `not run` row of `FleetReport`.
    public var planned: FleetReport.Planned {
        FleetReport.Planned(gpu: gpu, product: product, driver: driver, stack: stack, image: image)
    }
}

/// Turns collected job output into store records, attributing each to a GPU, driver and stack: the plan's job of
/// that name, else the probe report the job sent, else the fallback `gpu`/`driver` (`--gpu`, `--driver`). Each
/// result's own reports (its probe and its verify environment) are then checked against that attribution
/// (`FleetAttribution`): a result that contradicts its job is stored as a mismatch, never as a verification. The
/// files come from outside: one that cannot be read or parsed, or names a job that is not a job name, is bad input,
/// and nothing is stored.
public struct FleetCollection: Sendable {
    /// The plan's jobs by name (empty without a plan).
    public var jobs: [String: FleetPlannedJob]
    /// The GPU and driver of results that name neither a planned job nor carry a probe report.
    public var gpu: String?
    public var driver: String?
    /// A GPU name as the matrix spells it (an alias → its name; unknown names unchanged).
    public var canonicalGPU: @Sendable (String) -> String
    /// Whether the matrix knows a GPU name (or alias); a result on any other GPU is stored as `unknown_gpu`.
    public var isKnownGPU: @Sendable (String) -> Bool
    /// A GPU name's `nvidia.com/gpu.product` label.
    public var productLabel: @Sendable (String) -> String

    public init(
        jobs: [String: FleetPlannedJob] = [:], gpu: String? = nil, driver: String? = nil,
        canonicalGPU: @escaping @Sendable (String) -> String = { $0 },
        isKnownGPU: @escaping @Sendable (String) -> Bool = { _ in true },
        productLabel: @escaping @Sendable (String) -> String
    ) {
        self.isKnownGPU = isKnownGPU
        self.jobs = jobs
        self.gpu = gpu
        self.driver = driver
        self.canonicalGPU = canonicalGPU
        self.productLabel = productLabel
    }

    /// One record per file, in order, or every problem of every file (a file `read` refuses, one that is not a
    /// result, one no GPU, driver or stack can be told of).
    public func records(
        files: [String], collectedAt now: Date, read: (String) throws(DiagnosticsError) -> Data
    ) throws(DiagnosticsError) -> [FleetResultRecord] {
        var records: [FleetResultRecord] = []
        var problems: [Diagnostic] = []
        for file in files {
            let data: Data
            let parsed: FleetResultParser.Parsed
            do throws(DiagnosticsError) {
                data = try read(file)
                parsed = try FleetResultParser.parse(data, file: file)
            } catch {
                problems += error.diagnostics
                continue
            }
            do throws(DiagnosticsError) {
                records.append(try record(parsed, data: data, source: file, collectedAt: now))
            } catch {
                problems += error.diagnostics
            }
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        return records
    }

    /// The record of one parsed result.
    public func record(_ parsed: FleetResultParser.Parsed, data: Data, source: String, collectedAt now: Date)
        throws(DiagnosticsError) -> FleetResultRecord
    {
        let observed = FleetObservation(parsed, canonicalGPU: canonicalGPU)
        let planned = parsed.job.flatMap { jobs[$0] }
        let env = parsed.environment
        // The attribution is the claim: the plan's job, else the probe's GPU and driver, else the fallback.
        let gpuName = planned?.gpu ?? parsed.gpuName.map(canonicalGPU) ?? gpu.map(canonicalGPU)
        let driverVersion = planned?.driver ?? parsed.driverVersion ?? driver
        let stack =
            planned?.stack
            ?? env["torch"].map { torch in
                FleetResultRecord.stackKey(
                    torch: torch, variant: env["cuda"].map { "cu" + $0.replacingOccurrences(of: ".", with: "") },
                    python: env["python"] ?? "?")
            }
        guard let gpuName, let driverVersion, let stack else {
            throw DiagnosticsError(
                Diagnostic(
                    .error, "cannot tell which GPU, driver or stack produced this result",
                    at: SourceLocation(file: source),
                    remedy: "collect the files the planned jobs wrote with --plan plan.json, or pass --gpu and --driver"
                ))
        }
        // Every fleet job verifies on a GPU (`dlenv verify --device cuda`): a result attributed to one claims it.
        let claim = FleetClaim(
            gpu: gpuName, driver: driverVersion, torch: planned?.torch, variant: planned?.variant,
            python: planned?.python, device: "cuda")
        return FleetResultRecord(
            digest: FleetResultRecord.digest(data), source: source, collectedAt: now, job: parsed.job,
            shard: parsed.shard, gpu: gpuName, product: planned?.product ?? productLabel(gpuName),
            driver: driverVersion, image: planned?.image, stack: stack, passed: parsed.passed,
            exitStatus: parsed.exitStatus, failedWorkloads: parsed.failedWorkloads, verifyJSON: parsed.verifyJSON,
            probeJSON: parsed.probeJSON, mismatches: FleetAttribution.mismatches(claim: claim, observed: observed),
            gpuInMatrix: planned != nil || isKnownGPU(gpuName))
    }
}
