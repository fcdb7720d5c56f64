/// Everything the probe asks NVML, as plain values (NVML API: `NVIDIA/go-nvml:gen/nvml/nvml.h@2f9e261f`,
/// summarised in `reference/probe.md` §3.1). `LiveSystem` fills it through `dlopen`/`dlsym`; tests decode it
/// from a fixture's `nvml.json`.
public struct NVMLSnapshot: Sendable, Hashable, Codable {
    /// The `nvmlReturn_t` of `nvmlInit_v2` when it failed (18 = driver/library version mismatch), else nil.
    public var initError: Int?
    /// `nvmlErrorString` of that failure.
    public var initErrorString: String?
    /// `nvmlSystemGetDriverVersion`, e.g. "550.144.03" (the Windows driver on WSL, e.g. "546.80").
    public var driverVersion: String?
    /// `nvmlSystemGetCudaDriverVersion_v2` (or v1): 12040 means CUDA 12.4.
    public var cudaDriverVersion: Int?
    /// One entry per index `0..<nvmlDeviceGetCount_v2`.
    public var devices: [Device]

    public init(
        initError: Int? = nil, initErrorString: String? = nil, driverVersion: String? = nil,
        cudaDriverVersion: Int? = nil, devices: [Device] = []
    ) {
        self.initError = initError
        self.initErrorString = initErrorString
        self.driverVersion = driverVersion
        self.cudaDriverVersion = cudaDriverVersion
        self.devices = devices
    }

    /// One physical GPU as NVML describes it.
    public struct Device: Sendable, Hashable, Codable {
        public var index: Int
        /// The `nvmlReturn_t` of `nvmlDeviceGetHandleByIndex_v2` when it failed (4 = no permission).
        public var error: Int?
        public var name: String?
        public var uuid: String?
        public var ccMajor: Int?
        public var ccMinor: Int?
        public var memoryTotalBytes: UInt64?
        /// `nvmlDeviceGetMigMode` current mode: 1 enabled, 0 disabled, nil when not supported.
        public var migMode: Int?
        /// Number of MIG devices found (`nvmlDeviceGetMigDeviceHandleByIndex`).
        public var migDevices: Int?

        public init(
            index: Int, error: Int? = nil, name: String? = nil, uuid: String? = nil, ccMajor: Int? = nil,
            ccMinor: Int? = nil, memoryTotalBytes: UInt64? = nil, migMode: Int? = nil, migDevices: Int? = nil
        ) {
            self.index = index
            self.error = error
            self.name = name
            self.uuid = uuid
            self.ccMajor = ccMajor
            self.ccMinor = ccMinor
            self.memoryTotalBytes = memoryTotalBytes
            self.migMode = migMode
            self.migDevices = migDevices
        }
    }

    /// The names of NVML return codes the probe explains (header L1298-1329).
    public static func errorName(_ code: Int) -> String {
        switch code {
        case 1: "Uninitialized"
        case 3: "Not Supported"
        case 4: "Insufficient Permissions"
        case 9: "Driver Not Loaded"
        case 12: "NVML Shared Library Not Found"
        case 15: "GPU is lost"
        case 17: "GPU access blocked by the operating system"
        case 18: "Driver/library version mismatch"
        case 999: "Unknown Error"
        default: "NVML error \(code)"
        }
    }
}
