#if canImport(Glibc)
    import Glibc
#endif

/// Which BLAS runs matrix products, on which kernel core and with how many threads.
public struct BLASInfo: Sendable, Hashable {
    /// The shared library loaded ("libopenblas.so.0"), or nil when the built-in kernel runs.
    public var library: String?
    /// The kernel core OpenBLAS chose (`openblas_get_corename`, e.g. "Haswell", "SkylakeX", "Prescott").
    public var core: String?
    /// Threads the BLAS uses.
    public var threads: Int
    /// `OPENBLAS_CORETYPE` as the library saw it, and who set it ("user" or "dlenv").
    public var coreTypeOverride: String?
    public var coreTypeSetBy: String?
    /// OpenBLAS build configuration (`openblas_get_config`).
    public var config: String?

    /// A description of a BLAS (for reports and tests).
    public init(
        library: String?, core: String?, threads: Int, coreTypeOverride: String? = nil, coreTypeSetBy: String? = nil,
        config: String? = nil
    ) {
        self.library = library
        self.core = core
        self.threads = threads
        self.coreTypeOverride = coreTypeOverride
        self.coreTypeSetBy = coreTypeSetBy
        self.config = config
    }

    /// Whether the built-in SIMD kernel runs (no BLAS library found).
    public var isBuiltIn: Bool { library == nil }
}

/// OpenBLAS loaded at run time with dlopen, so dlenv runs on hosts without it and can choose the kernel
/// core before the library initialises (DESIGN §5: Debian's OpenBLAS 0.3.21 runs recent Xeons on the
/// generic Prescott kernel at a fifth of the speed).
enum BLAS {
    typealias SGEMM =
        @convention(c) (
            Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32,
            Float, UnsafeMutablePointer<Float>?, Int32
        ) -> Void
    typealias DGEMM =
        @convention(c) (
            Int32, Int32, Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32, UnsafePointer<Double>?,
            Int32,
            Double, UnsafeMutablePointer<Double>?, Int32
        ) -> Void

    struct Loaded: @unchecked Sendable {
        // @unchecked: C function pointers are immutable and thread-safe to call.
        let sgemm: SGEMM
        let dgemm: DGEMM
        let info: BLASInfo
    }

    /// Candidate libraries, most specific first.
    static let candidates = ["libopenblas.so.0", "libopenblas.so", "libblas.so.3"]

    /// The loaded library, or nil (`DLENV_BLAS=builtin` forces the built-in kernel).
    static let shared: Loaded? = load()

    /// What runs matrix products in this process.
    static var info: BLASInfo {
        shared?.info ?? BLASInfo(library: nil, core: "dlenv built-in SIMD kernel", threads: Parallel.workers)
    }

    private static func load() -> Loaded? {
        #if canImport(Glibc)
            if let v = getenv("DLENV_BLAS"), String(cString: v) == "builtin" { return nil }
            var setBy: String?
            if let v = getenv("OPENBLAS_CORETYPE"), !String(cString: v).isEmpty {
                setBy = "user"
            } else if let core = CPUFeatures.current.openBLASCoreType {
                // Must happen before dlopen: OpenBLAS picks its kernels in the library constructor.
                setenv("OPENBLAS_CORETYPE", core, 0)
                setBy = "dlenv"
            }
            for name in candidates {
                guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
                guard let s = dlsym(handle, "cblas_sgemm"), let d = dlsym(handle, "cblas_dgemm") else {
                    dlclose(handle)
                    continue
                }
                typealias CharFn = @convention(c) () -> UnsafePointer<CChar>?
                typealias IntFn = @convention(c) () -> Int32
                let core = dlsym(handle, "openblas_get_corename").flatMap {
                    unsafeBitCast($0, to: CharFn.self)().map { String(cString: $0) }
                }
                let config = dlsym(handle, "openblas_get_config").flatMap {
                    unsafeBitCast($0, to: CharFn.self)().map { String(cString: $0) }
                }
                let threads = dlsym(handle, "openblas_get_num_threads").map {
                    Int(unsafeBitCast($0, to: IntFn.self)())
                }
                let override = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) }
                let info = BLASInfo(
                    library: name, core: core, threads: threads ?? 1, coreTypeOverride: override,
                    coreTypeSetBy: override == nil ? nil : setBy, config: config)
                return Loaded(
                    sgemm: unsafeBitCast(s, to: SGEMM.self), dgemm: unsafeBitCast(d, to: DGEMM.self), info: info)
            }
            return nil
        #else
            return nil
        #endif
    }
}

/// The public face of the BLAS choice.
extension BLASInfo {
    /// What runs matrix products in this process (loads the library on first use).
    public static var current: BLASInfo { BLAS.info }
}
