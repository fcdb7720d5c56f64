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
    /// "aarch64" for GPUs that only come in ARM systems (Jetson / Tegra SoCs, Grace superchips), whose wheels
    /// are not the Linux x86_64 ones this matrix describes; nil otherwise.
    public var platform: String? = nil
    public var provenance: Provenance
}
