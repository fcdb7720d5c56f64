import DLEnvCore

/// A GPU vendor.
public enum GPUVendor: String, Sendable, Hashable, Codable {
    case nvidia, amd
}

/// A GPU architecture ("Ampere") and the capabilities it spans.
public struct GPUArchitecture: Sendable, Hashable {
    public var name: String
    public var vendor: GPUVendor
    public var computeCapabilities: [ComputeCapability]
}

/// A GPU model from `matrices/gpus.yaml`, named as NVML / `nvidia-smi` (or `amd-smi`) print it.
public struct GPUModel: Sendable, Hashable {
    public var name: String
    public var vendor: GPUVendor
    /// NVIDIA only.
    public var computeCapability: ComputeCapability?
    /// AMD only: the LLVM gfx target ("gfx90a").
    public var gfx: String?
    public var architecture: String
    public var aliases: [String]
    public var provenance: Provenance
}
