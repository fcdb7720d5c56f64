#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Loads NVML, libcuda and OpenBLAS with `dlopen` and calls them through `dlsym`'d C function pointers.
/// Signatures are those of `NVIDIA/go-nvml:gen/nvml/nvml.h@2f9e261f` and the CUDA driver API `cuda.h`
/// (`reference/probe.md` §3); versioned symbols (`nvmlInit_v2`, `_v2` handles) are asked for by name, as the
/// header's macros map them.
enum NVMLLoader {
    typealias InitFn = @convention(c) () -> Int32
    typealias ErrorStringFn = @convention(c) (Int32) -> UnsafePointer<CChar>?
    typealias StringFn = @convention(c) (UnsafeMutablePointer<CChar>?, UInt32) -> Int32
    typealias IntOutFn = @convention(c) (UnsafeMutablePointer<Int32>?) -> Int32
    typealias CountFn = @convention(c) (UnsafeMutablePointer<UInt32>?) -> Int32
    typealias HandleFn = @convention(c) (UInt32, UnsafeMutablePointer<OpaquePointer?>?) -> Int32
    typealias DeviceStringFn = @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, UInt32) -> Int32
    typealias CapabilityFn =
        @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?) -> Int32
    typealias MemoryFn = @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Int32
    typealias MigModeFn =
        @convention(c) (OpaquePointer?, UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<UInt32>?) -> Int32
    typealias DeviceCountFn = @convention(c) (OpaquePointer?, UnsafeMutablePointer<UInt32>?) -> Int32
    typealias MigHandleFn = @convention(c) (OpaquePointer?, UInt32, UnsafeMutablePointer<OpaquePointer?>?) -> Int32
    typealias CStringFn = @convention(c) () -> UnsafePointer<CChar>?
    typealias Int32Fn = @convention(c) () -> Int32

    /// A loaded library. A stub library (`…/stubs/libnvidia-ml.so`, ollama PR#2264) loads but fails every call,
    /// so it shows up as an `nvmlInit` error, never as data.
    struct Library {
        let handle: UnsafeMutableRawPointer

        /// The first of the names that loads. WSL keeps the Windows driver's Linux side in /usr/lib/wsl/lib, which
        /// the loader usually knows but a cleared LD_LIBRARY_PATH/ld.so.cache may not (ollama PR#1897).
        init?(_ names: String...) {
            guard let h = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else { return nil }
            handle = h
        }

        func symbol<T>(_ name: String, as type: T.Type) -> T? {
            guard let p = dlsym(handle, name) else { return nil }
            return unsafeBitCast(p, to: type)
        }
    }

    static func string(_ length: Int, _ fill: (UnsafeMutablePointer<CChar>, UInt32) -> Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: length)
        let rc = buffer.withUnsafeMutableBufferPointer { fill($0.baseAddress!, UInt32(length)) }
        guard rc == 0 else { return nil }
        let end = buffer.firstIndex(of: 0) ?? buffer.count
        return String(decoding: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func snapshot() -> NVMLSnapshot? {
        guard let lib = Library("libnvidia-ml.so.1", "/usr/lib/wsl/lib/libnvidia-ml.so.1"),
            let initialise = lib.symbol("nvmlInit_v2", as: InitFn.self) ?? lib.symbol("nvmlInit", as: InitFn.self)
        else { return nil }
        let errorString = lib.symbol("nvmlErrorString", as: ErrorStringFn.self)
        var snap = NVMLSnapshot()
        let rc = initialise()
        guard rc == 0 else {
            snap.initError = Int(rc)
            snap.initErrorString = errorString?(rc).map { String(cString: $0) }
            return snap
        }
        defer { _ = lib.symbol("nvmlShutdown", as: InitFn.self)?() }
        if let f = lib.symbol("nvmlSystemGetDriverVersion", as: StringFn.self) {
            snap.driverVersion = string(80) { f($0, $1) }
        }
        let cudaFn =
            lib.symbol("nvmlSystemGetCudaDriverVersion_v2", as: IntOutFn.self)
            ?? lib.symbol("nvmlSystemGetCudaDriverVersion", as: IntOutFn.self)
        if let f = cudaFn {
            var v: Int32 = 0
            if f(&v) == 0 { snap.cudaDriverVersion = Int(v) }
        }
        let countFn =
            lib.symbol("nvmlDeviceGetCount_v2", as: CountFn.self) ?? lib.symbol("nvmlDeviceGetCount", as: CountFn.self)
        let handleFn =
            lib.symbol("nvmlDeviceGetHandleByIndex_v2", as: HandleFn.self)
            ?? lib.symbol("nvmlDeviceGetHandleByIndex", as: HandleFn.self)
        guard let countFn, let handleFn else { return snap }
        var count: UInt32 = 0
        guard countFn(&count) == 0 else { return snap }
        for i in 0..<min(count, 64) {
            var device = NVMLSnapshot.Device(index: Int(i))
            var handle: OpaquePointer?
            let hr = handleFn(i, &handle)
            guard hr == 0, let handle else {
                device.error = Int(hr)
                snap.devices.append(device)
                continue
            }
            fill(&device, handle: handle, lib: lib)
            snap.devices.append(device)
        }
        return snap
    }

    static func fill(_ device: inout NVMLSnapshot.Device, handle: OpaquePointer, lib: Library) {
        if let f = lib.symbol("nvmlDeviceGetName", as: DeviceStringFn.self) {
            device.name = string(96) { f(handle, $0, $1) }
        }
        if let f = lib.symbol("nvmlDeviceGetUUID", as: DeviceStringFn.self) {
            device.uuid = string(96) { f(handle, $0, $1) }
        }
        if let f = lib.symbol("nvmlDeviceGetCudaComputeCapability", as: CapabilityFn.self) {
            var major: Int32 = 0
            var minor: Int32 = 0
            if f(handle, &major, &minor) == 0 {
                device.ccMajor = Int(major)
                device.ccMinor = Int(minor)
            }
        }
        if let f = lib.symbol("nvmlDeviceGetMemoryInfo", as: MemoryFn.self) {
            // nvmlMemory_t { unsigned long long total, free, used; }: 24 bytes, total at offset 0.
            let raw = UnsafeMutableRawPointer.allocate(byteCount: 24, alignment: 8)
            defer { raw.deallocate() }
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: 24)
            if f(handle, raw) == 0 { device.memoryTotalBytes = raw.load(as: UInt64.self) }
        }
        if let f = lib.symbol("nvmlDeviceGetMigMode", as: MigModeFn.self) {
            var current: UInt32 = 0
            var pending: UInt32 = 0
            if f(handle, &current, &pending) == 0 { device.migMode = Int(current) }
        }
        if device.migMode == 1, let maxFn = lib.symbol("nvmlDeviceGetMaxMigDeviceCount", as: DeviceCountFn.self),
            let migFn = lib.symbol("nvmlDeviceGetMigDeviceHandleByIndex", as: MigHandleFn.self)
        {
            var maxCount: UInt32 = 0
            if maxFn(handle, &maxCount) == 0 {
                var n = 0
                for j in 0..<min(maxCount, 64) {
                    var mig: OpaquePointer?
                    // NOT_FOUND (6) is an empty slot; keep counting the others.
                    if migFn(handle, j, &mig) == 0 { n += 1 }
                }
                device.migDevices = n
            }
        }
    }

    static func cudaDriverVersion() -> Int? {
        guard let lib = Library("libcuda.so.1", "/usr/lib/wsl/lib/libcuda.so.1"),
            let f = lib.symbol("cuDriverGetVersion", as: IntOutFn.self)
        else { return nil }
        var v: Int32 = 0
        return f(&v) == 0 && v > 0 ? Int(v) : nil
    }

    static func openBLAS(path: String) -> OpenBLASRuntime? {
        guard let h = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return nil }
        // The handle is kept open: unloading OpenBLAS while its thread pool runs is unsafe.
        guard let sym = dlsym(h, "openblas_get_config"),
            let config = unsafeBitCast(sym, to: CStringFn.self)()
        else { return nil }
        var runtime = OpenBLASRuntime(config: String(cString: config))
        if let c = dlsym(h, "openblas_get_corename"), let name = unsafeBitCast(c, to: CStringFn.self)() {
            runtime.coreName = String(cString: name)
        }
        if let t = dlsym(h, "openblas_get_num_threads") {
            runtime.threads = Int(unsafeBitCast(t, to: Int32Fn.self)())
        }
        return runtime
    }
}
