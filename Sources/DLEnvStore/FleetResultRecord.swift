import Foundation

/// One collected verification result of a fleet job: where it ran (GPU, its product label, driver), what ran
/// (image, stack) and whether it passed, with the original reports kept verbatim. `gpu`, `product`, `driver`,
/// `stack` are what the result is attributed to (its job); when the result's own reports contradict them it is a
/// mismatch (`mismatches`), which verifies nothing.
public struct FleetResultRecord: Sendable, Hashable {
    /// passed / failed: the verification ran where it claims and passed or failed there. mismatch: it did not run
    /// on what its job claims (a CPU run under a GPU job, another torch build), so it verifies nothing.
    /// unknown_gpu: it ran on a GPU the matrix does not know, so it verifies no model of the matrix either.
    public enum Status: String, Sendable, Hashable, Codable {
        case passed, failed, mismatch
        case unknownGPU = "unknown_gpu"

        /// Whether a result of this status verifies (or falsifies) its combination on hardware.
        public var verifies: Bool { self == .passed || self == .failed }
    }

    public var id: Int64?
    /// FNV-1a 64 of the collected file's bytes: the same file is stored once.
    public var digest: String
    /// The file it was collected from, as named on the command line.
    public var source: String
    public var collectedAt: Date
    public var job: String?
    public var shard: Int?
    /// The GPU's NVML name ("NVIDIA H100 80GB HBM3").
    public var gpu: String
    /// Its `nvidia.com/gpu.product` label ("NVIDIA-H100-80GB-HBM3").
    public var product: String
    public var driver: String
    public var image: String?
    /// "torch 2.4.1+cu124 · python 3.11".
    public var stack: String
    public var passed: Bool
    public var exitStatus: Int?
    /// Ids of the workloads that failed.
    public var failedWorkloads: [String]
    /// The `dlenv verify --json` report as collected.
    public var verifyJSON: String
    /// The `dlenv probe --json` report of the host, when the job sent one.
    public var probeJSON: String?
    /// Where the result's own reports contradict its job (claimed and observed values); empty when they agree.
    public var mismatches: [FleetMismatch]
    /// Whether `gpu` is a GPU of the compatibility matrix (a name the matrix knows, or one of its aliases).
    public var gpuInMatrix: Bool

    /// `mismatch` when anything contradicts the job, else `unknown_gpu` when the GPU is not in the matrix, else
    /// passed or failed.
    public var status: Status {
        !mismatches.isEmpty ? .mismatch : !gpuInMatrix ? .unknownGPU : passed ? .passed : .failed
    }

    public init(
        id: Int64? = nil, digest: String, source: String, collectedAt: Date, job: String? = nil, shard: Int? = nil,
        gpu: String, product: String, driver: String, image: String? = nil, stack: String, passed: Bool,
        exitStatus: Int? = nil, failedWorkloads: [String] = [], verifyJSON: String, probeJSON: String? = nil,
        mismatches: [FleetMismatch] = [], gpuInMatrix: Bool = true
    ) {
        self.id = id
        self.digest = digest
        self.source = source
        self.collectedAt = collectedAt
        self.job = job
        self.shard = shard
        self.gpu = gpu
        self.product = product
        self.driver = driver
        self.image = image
        self.stack = stack
        self.passed = passed
        self.exitStatus = exitStatus
        self.failedWorkloads = failedWorkloads
        self.verifyJSON = verifyJSON
        self.probeJSON = probeJSON
        self.mismatches = mismatches
        self.gpuInMatrix = gpuInMatrix
    }

    /// The stack key of a torch build and a Python ("torch 2.4.1+cu124 · python 3.11"). A version without a
    /// local tag gets the variant's, so planned stacks and reported ones meet.
    public static func stackKey(torch: String, variant: String?, python: String) -> String {
        var t = torch
        if !t.contains("+"), let variant, !variant.isEmpty { t += "+\(variant)" }
        let py = python.split(separator: ".").prefix(2).joined(separator: ".")
        return "torch \(t) · python \(py)"
    }

    /// Whether a stack key is of a build of one torch release ("torch 2.4.1+cu124 · …" and "torch 2.4.1 · …" for
    /// 2.4.1, never 2.4.10's).
    public static func isStackKey(_ key: String, ofTorch version: String) -> Bool {
        key.hasPrefix("torch \(version)+") || key.hasPrefix("torch \(version) ")
    }

    /// FNV-1a 64 of some bytes as 16 hex digits.
    public static func digest(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
