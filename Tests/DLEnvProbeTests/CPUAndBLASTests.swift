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
        let peak = try #require(FP32Peak.estimate(cpu))
        #expect(peak.flopsPerCycle == 32)
        #expect(peak.gflops == 156.5)
        #expect(peak.method.contains("2 cores × 32 FLOP/cycle"))
    }

    /// DESIGN §5's figure: a 2-core AVX-512 Xeon peaks at 2 × 64 FLOP/cycle × clock.
    @Test func avx512Peak() throws {
        let cpu = CPUInfo(
            model: "Intel Xeon", vendor: "GenuineIntel", family: 6, modelNumber: 143, logicalCores: 2,
            physicalCores: 2, flags: ["avx2", "fma", "avx512f"], mhz: 2600)
        let peak = try #require(FP32Peak.estimate(cpu))
        #expect(peak.gflops == 332.8)
        #expect(FP32Peak.estimate(cpu, maxMHz: 3000)?.gflops == 384)
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
            physicalCores: 2, flags: ["avx2", "fma", "avx512f"], mhz: 2600)
        #expect(OpenBLASConfig.predictsMisdetection(version: "0.3.21", cpu: sapphire))
        #expect(!OpenBLASConfig.predictsMisdetection(version: "0.3.26", cpu: sapphire))
        #expect(OpenBLASConfig.recommendedCore(for: sapphire) == "SkylakeX")

        // A loaded library that reports Prescott on that CPU gives a warning with the fix.
        var cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 143\n"
        cpuinfo += "model name\t: Intel Xeon\ncpu MHz\t\t: 2600.000\nflags\t\t: sse avx avx2 fma avx512f\n"
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
