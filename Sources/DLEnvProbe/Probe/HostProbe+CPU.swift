import DLEnvCore

extension HostProbe {
    /// The CPU from /proc/cpuinfo, with its nominal FP32 peak from dlenv's CPU model and the clock.
    func probeCPU(_ state: inout ProbeState) {
        guard let (info, model) = Self.cpu(system) else { return }
        if let bad = Self.maxClocks(system, cores: info.logicalCores).rejected.first {
            state.warn(
                "\(bad.path) says \(bad.text) kHz, outside \(Int(Self.plausibleKHz.lowerBound))–\(Int(Self.plausibleKHz.upperBound)) kHz; the clock is taken from /proc/cpuinfo instead"
            )
        }
        state.facts.cpu = HostFacts.CPU(
            model: info.model, cores: info.logicalCores, flags: info.flags.filter { CPUInfo.simdFlags.contains($0) },
            fp32PeakGflops: model.nominalPeakGFLOPS, details: model)
        state.sources["cpu"] = "/proc/cpuinfo"
        if let method = model.peakMethod { state.sources["cpu.fp32_peak_gflops"] = method }
        state.cpuInfo = info
    }

    /// /proc/cpuinfo and the highest `cpuinfo_max_freq` of any CPU, as dlenv's CPU model (nil without the file).
    static func cpu(_ system: any SystemInterface) -> (CPUInfo, CPUModel)? {
        guard let info = system.readFile("/proc/cpuinfo").flatMap(CPUInfo.parse) else { return nil }
        let maxKHz = maxClocks(system, cores: info.logicalCores).maxKHz
        return (info, info.cpuModel(maxMHz: maxKHz.map { $0 / 1000 }))
    }

    /// Clocks no CPU has (a corrupt or planted file: 10^27 kHz would make a peak of 10^22 GFLOP/s) are refused.
    static let plausibleKHz: ClosedRange<Double> = 100_000...10_000_000

    /// The highest plausible `cpuinfo_max_freq` of any CPU, and the values refused.
    static func maxClocks(_ system: any SystemInterface, cores: Int) -> (
        maxKHz: Double?, rejected: [(path: String, text: String)]
    ) {
        var values: [Double] = []
        var rejected: [(path: String, text: String)] = []
        for i in 0..<max(1, min(cores, 1024)) {
            let path = "/sys/devices/system/cpu/cpu\(i)/cpufreq/cpuinfo_max_freq"
            guard let text = system.readFile(path).map(TextScan.trim), !text.isEmpty else { continue }
            if let v = Double(text), plausibleKHz.contains(v) {
                values.append(v)
            } else {
                rejected.append((path, String(text.prefix(40))))
            }
        }
        return (values.max(), rejected)
    }

    /// This host's CPU model, as `probe` reports it (for `bench`, which measures against the same peak).
    public static func cpuModel(system: any SystemInterface) -> CPUModel? { cpu(system)?.1 }

    /// The CPU model, or one core of an unknown CPU when /proc/cpuinfo cannot be read (bench still runs; its peak
    /// is then the measured one only).
    public static func cpuModelOrUnknown(system: any SystemInterface) -> CPUModel {
        cpuModel(system: system)
            ?? CPUModel(
                name: "unknown CPU", vendor: nil, family: nil, model: nil, cores: 1, logicalCores: 1, flags: [],
                clockGHz: nil, clockSource: "no /proc/cpuinfo")
    }

    /// The OpenBLAS dlenv would load, its version and the kernel core it picks (DESIGN §5).
    func probeBLAS(_ state: inout ProbeState) {
        let dirs = [
            "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib",
            "/opt/OpenBLAS/lib",
        ]
        var library: String?
        for dir in dirs {
            guard let names = system.listDirectory(dir) else { continue }
            let preferred = ["libopenblas.so.0", "libopenblas.so"].first { names.contains($0) }
            if let name = preferred
                ?? names.sorted().first(where: { $0.hasPrefix("libopenblas") && $0.contains(".so") })
            {
                library = "\(dir)/\(name)"
                break
            }
        }
        let coreType = system.environment("OPENBLAS_CORETYPE")
        guard let library else {
            state.facts.blas = HostFacts.BLAS(
                note: "no OpenBLAS found; dlenv's tensor core needs it (Debian/Ubuntu: apt install libopenblas0)")
            return
        }
        let real = system.resolveLink(library) ?? library
        var blas = HostFacts.BLAS(library: real)
        // The core dlenv's tensor core forces before it loads the library (the same choice, DLEnvCore).
        if let coreType {
            blas.coreType = coreType
            blas.coreTypeSetBy = "user"
        } else if let choice = state.facts.cpu?.details?.openBLASCore {
            blas.coreType = choice.core
            blas.coreTypeSetBy = "dlenv"
        }
        blas.version = LibraryVersion.openBLASFileName(String(real.split(separator: "/").last ?? ""))
        var notes: [String] = []
        var source = "file name"
        if !options.noExec, let runtime = system.openBLASConfig(library: library, coreType: blas.coreType) {
            source = "openblas_get_config"
            let config = OpenBLASConfig.parse(runtime.config)
            blas.version = config?.version ?? blas.version
            blas.core = runtime.coreName ?? config?.core
            blas.threads = runtime.threads
            state.details["openblas_config"] = runtime.config
        }
        state.sources["blas"] = source
        let cpu = state.cpuInfo
        if let coreType {
            notes.append("OPENBLAS_CORETYPE=\(coreType) is set and overrides OpenBLAS's detection")
        } else if let choice = state.facts.cpu?.details?.openBLASCore {
            notes.append("dlenv loads it with OPENBLAS_CORETYPE=\(choice.core) (\(choice.reason))")
        }
        if let core = blas.core, let cpu, OpenBLASConfig.genericCores.contains(core),
            let better = OpenBLASConfig.recommendedCore(for: cpu)
        {
            let message =
                "OpenBLAS runs its generic \(core) kernel on a CPU with "
                + (cpu.has("avx512f") ? "AVX-512" : "AVX2")
                + "; set OPENBLAS_CORETYPE=\(better) (DESIGN §5: sgemm 63 → 299 GFLOP/s)"
            notes.append(message)
            state.warn(message)
        } else if blas.core == nil, let cpu, coreType == nil,
            OpenBLASConfig.predictsMisdetection(version: blas.version, cpu: cpu),
            let better = OpenBLASConfig.recommendedCore(for: cpu)
        {
            notes.append(
                "OpenBLAS \(blas.version ?? "") on its own misdetects this Xeon as Prescott: other programs that "
                    + "use it (numpy) need OPENBLAS_CORETYPE=\(better)")
        }
        blas.note = notes.isEmpty ? nil : notes.joined(separator: "; ")
        state.facts.blas = blas
    }
}
