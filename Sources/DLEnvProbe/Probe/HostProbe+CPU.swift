import DLEnvCore

extension HostProbe {
    /// The CPU from /proc/cpuinfo, with its FP32 peak estimated from the SIMD flags and the clock.
    func probeCPU(_ state: inout ProbeState) {
        guard let info = system.readFile("/proc/cpuinfo").flatMap(CPUInfo.parse) else { return }
        let maxKHz = system.readFile("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")
            .flatMap { Double(TextScan.trim($0)) }
        let peak = FP32Peak.estimate(info, maxMHz: maxKHz.map { $0 / 1000 })
        state.facts.cpu = HostFacts.CPU(
            model: info.model, cores: info.logicalCores, flags: info.flags.filter { CPUInfo.simdFlags.contains($0) },
            fp32PeakGflops: peak?.gflops)
        state.sources["cpu"] = "/proc/cpuinfo"
        if let peak { state.sources["cpu.fp32_peak_gflops"] = peak.method }
        state.cpuInfo = info
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
        blas.version = LibraryVersion.openBLASFileName(String(real.split(separator: "/").last ?? ""))
        var notes: [String] = []
        var source = "file name"
        if !options.noExec, let runtime = system.openBLASConfig(library: library) {
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
        }
        if let core = blas.core, let cpu, coreType == nil, OpenBLASConfig.genericCores.contains(core),
            let better = OpenBLASConfig.recommendedCore(for: cpu)
        {
            let message =
                "OpenBLAS picked its generic \(core) kernel on a CPU with "
                + (cpu.has("avx512f") ? "AVX-512" : "AVX2")
                + "; set OPENBLAS_CORETYPE=\(better) (DESIGN §5: sgemm 63 → 299 GFLOP/s)"
            notes.append(message)
            state.warn(message)
        } else if blas.core == nil, let cpu, coreType == nil,
            OpenBLASConfig.predictsMisdetection(version: blas.version, cpu: cpu),
            let better = OpenBLASConfig.recommendedCore(for: cpu)
        {
            blas.core = "Prescott (predicted)"
            notes.append(
                "OpenBLAS \(blas.version ?? "") is expected to misdetect this Xeon as Prescott; set "
                    + "OPENBLAS_CORETYPE=\(better)")
        }
        blas.note = notes.isEmpty ? nil : notes.joined(separator: "; ")
        state.facts.blas = blas
    }
}
