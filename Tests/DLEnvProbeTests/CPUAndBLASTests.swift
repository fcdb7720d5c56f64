import DLEnvCore
import Testing

@testable import DLEnvProbe

/// /proc/cpuinfo, the FP32 peak estimate, OpenBLAS's config string and the core advice (DESIGN §5).
@Suite struct CPUAndBLASTests {
    @Test func cpuinfoOfTheDevelopmentMachine() throws {
        let cpu = try #require(CPUInfo.parse(FixtureSupport.corpus("local-cpuinfo-amd-epyc")))
        #expect(cpu.model == "AMD EPYC")
        #expect(cpu.logicalCores == 2 && cpu.physicalCores == 2)
        #expect(cpu.vendor == "AuthenticAMD" && cpu.family == 25)
        #expect(cpu.has("avx2") && cpu.has("fma") && !cpu.has("avx512f"))
        let model = cpu.cpuModel()
        #expect(model.core.microarchitecture == "Zen 3" && model.core.fp32FlopsPerCycle == 32)
        #expect(model.nominalPeakGFLOPS == 156.5 && model.clockSource == "cpu MHz")
        #expect(model.peakMethod?.contains("2 cores × 32 FLOP/cycle (Zen 3: AVX2+FMA") == true)
        #expect(model.openBLASCore?.core == "Zen")
    }

    /// The machine of issue #11: Zen 4 has AVX-512 but runs it on 256-bit units (32 FP32 FLOP/cycle, not 64), and
    /// dlenv forces OpenBLAS's AVX-512 core on it.
    @Test func zen4RunsAVX512OnHalfWidthUnits() throws {
        let cpu = try #require(CPUInfo.parse(FixtureSupport.corpus("local-cpuinfo-amd-epyc-zen4-avx512")))
        #expect(cpu.has("avx512f") && cpu.family == 25 && cpu.modelNumber == 17)
        let model = cpu.cpuModel()
        #expect(model.core.microarchitecture == "Zen 4" && model.core.fp32FlopsPerCycle == 32)
        #expect(model.core.source.contains("19h"))
        #expect(model.openBLASCore?.core == "SkylakeX")
        #expect(model.nominalPeakGFLOPS == (Double(2 * 32) * cpu.mhz! / 1000 * 10).rounded() / 10)
    }

    /// DESIGN §5's figure: a 2-core AVX-512 Xeon with two FMA units peaks at 2 × 64 FLOP/cycle × clock; the
    /// cpufreq maximum, when the kernel has one, wins over "cpu MHz".
    @Test func avx512Peak() throws {
        let cpu = CPUInfo(
            model: "Intel Xeon", vendor: "GenuineIntel", family: 6, modelNumber: 143, logicalCores: 2,
            physicalCores: 2, flags: ["avx2", "fma", "avx512f", "avx512bw", "avx512vl"], mhz: 2600)
        #expect(cpu.cpuModel().nominalPeakGFLOPS == 332.8)
        #expect(cpu.cpuModel().core.microarchitecture == "Sapphire Rapids")
        let boosted = cpu.cpuModel(maxMHz: 3000)
        #expect(boosted.nominalPeakGFLOPS == 384 && boosted.clockSource == "cpufreq cpuinfo_max_freq")
    }

    /// The same flags mean different FLOP/cycle on different cores: the table decides, the flags only when the
    /// model is unknown (and then say so).
    @Test(
        arguments: [
            ("GenuineIntel", 6, 85, ["avx512f", "fma"], 64, "Skylake-SP / Cascade Lake / Cooper Lake"),
            ("GenuineIntel", 6, 140, ["avx512f", "fma"], 32, "Ice Lake / Tiger Lake / Rocket Lake client"),
            ("GenuineIntel", 6, 60, ["avx2", "fma"], 32, nil),
            ("AuthenticAMD", 23, 1, ["avx2", "fma"], 16, "Zen / Zen+"),
            ("AuthenticAMD", 23, 49, ["avx2", "fma"], 32, "Zen 2"),
            ("AuthenticAMD", 25, 0x61, ["avx512f", "avx2", "fma"], 32, "Zen 4"),
            ("AuthenticAMD", 26, 2, ["avx512f", "avx2", "fma"], 64, "Zen 5"),
            ("GenuineIntel", 6, 250, ["avx512f", "fma"], 64, nil),
        ] as [(String, Int, Int, [String], Int, String?)])
    func flopsPerCycleTable(
        vendor: String, family: Int, model: Int, flags: [String], flops: Int, arch: String?
    ) {
        let core = CoreThroughput.identify(vendor: vendor, family: family, model: model, flags: Set(flags))
        #expect(core.fp32FlopsPerCycle == flops && core.microarchitecture == arch)
        if arch == nil { #expect(core.source.contains("assumed")) }
    }

    /// The probe takes the highest cpufreq maximum of any CPU and reports the clock's source with the peak.
    @Test func probeReadsTheMaximumClock() throws {
        let cpuinfo = FixtureSupport.corpus("local-cpuinfo-amd-epyc-zen4-avx512")
        let system = FakeSystem(files: [
            "/proc/cpuinfo": cpuinfo, "/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq": "3500000\n",
            "/sys/devices/system/cpu/cpu1/cpufreq/cpuinfo_max_freq": "3700000\n",
        ])
        let report = HostProbe(system: system).run()
        let cpu = try #require(report.facts.cpu)
        #expect(cpu.details?.clockGHz == 3.7 && cpu.fp32PeakGflops == 236.8)
        #expect(report.sources["cpu.fp32_peak_gflops"]?.hasSuffix("× 3.7 GHz (cpufreq cpuinfo_max_freq)") == true)
    }

    @Test func openBLASConfig() throws {
        let c = try #require(
            OpenBLASConfig.parse("OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64"))
        #expect(c.version == "0.3.21" && c.dynamicArch && c.core == "Zen" && c.maxThreads == 64)
        #expect(
            OpenBLASConfig.parse("OpenBLAS 0.3.26.dev DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=128")?.core
                == "SkylakeX")
        #expect(OpenBLASConfig.parse("MKL") == nil)
    }

    @Test func prescottAdvice() {
        let sapphire = CPUInfo(
            model: "Intel Xeon", vendor: "GenuineIntel", family: 6, modelNumber: 143, logicalCores: 2,
            physicalCores: 2, flags: ["avx2", "fma", "avx512f", "avx512bw", "avx512vl"], mhz: 2600)
        #expect(OpenBLASConfig.predictsMisdetection(version: "0.3.21", cpu: sapphire))
        #expect(!OpenBLASConfig.predictsMisdetection(version: "0.3.26", cpu: sapphire))
        #expect(OpenBLASConfig.recommendedCore(for: sapphire) == "SkylakeX")

        // A loaded library that reports Prescott on that CPU gives a warning with the fix.
        var cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 143\n"
        cpuinfo +=
            "model name\t: Intel Xeon\ncpu MHz\t\t: 2600.000\nflags\t\t: sse avx avx2 fma avx512f avx512bw avx512vl\n"
        let system = FakeSystem(
            files: ["/proc/cpuinfo": cpuinfo, "/usr/lib/x86_64-linux-gnu/libopenblas.so.0": ""],
            openBLAS: OpenBLASRuntime(config: "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Prescott", coreName: "Prescott")
        )
        let f = HostProbe(system: system).run().facts
        #expect(f.blas?.core == "Prescott")
        #expect(f.warnings.contains { $0.contains("OPENBLAS_CORETYPE=SkylakeX") })
        // Without loading (--no-exec), the same CPU and version give a prediction, not a warning.
        let predicted = HostProbe(system: system, options: ProbeOptions(noExec: true)).run().facts
        #expect(predicted.blas?.core == nil || predicted.blas?.core == "Prescott (predicted)")
    }

    @Test func coreTypeOverrideIsReported() {
        let system = FakeSystem(
            files: ["/usr/lib/x86_64-linux-gnu/libopenblas.so.0": ""], env: ["OPENBLAS_CORETYPE": "Haswell"])
        #expect(HostProbe(system: system).run().facts.blas?.note?.contains("OPENBLAS_CORETYPE=Haswell") == true)
    }

    @Test func pythonProbeOutput() throws {
        let out = FixtureSupport.corpus("local-python-probe-torch-cpu")
        let parsed = try #require(PythonProbeOutput.parse(out, path: "/usr/bin/python3"))
        #expect(parsed.python.version == "3.11.7")
        #expect(parsed.python.torch?.version == "2.13.0+cpu")
        #expect(parsed.python.torch?.cuda == nil)
        #expect(parsed.python.torch?.cudaAvailable == false)
        #expect(PythonProbeOutput.cudnnVersion(90100) == "9.1.0")
        #expect(PythonProbeOutput.cudnnVersion(8907) == "8.9.7")
        #expect(PythonProbeOutput.parse("Traceback ...", path: "x") == nil)
    }
}
