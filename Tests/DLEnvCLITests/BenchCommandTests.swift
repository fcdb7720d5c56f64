import DLEnvCore
import DLEnvTensor
import Foundation
import Testing

@testable import DLEnvCLI

/// `dlenv bench`: the JSON contract, the torch script copy, bad input, and the peak estimate.
@Suite struct BenchCommandTests {
    @Test func jsonHasTheDocumentedKeys() throws {
        let r = try CLIRunner.run(["bench", "--quick", "--json", "--only", "sgemm_256,tiny_mlp_step"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.map { $0["name"] as? String } == ["sgemm_256", "tiny_mlp_step"])
        for result in results {
            #expect((result["value"] as? Double ?? 0) > 0)
            #expect(result["unit"] is String)
            #expect(result.keys.contains("peak_fraction") && result.keys.contains("vs_torch"))
            #expect(result["vs_torch"] is NSNull)
        }
        #expect(results[0]["peak_fraction"] is Double)
        #expect(results[1]["peak_fraction"] is NSNull)
        let blas = try #require(object["blas"] as? [String: Any])
        #expect(blas.keys.contains("library") && blas.keys.contains("core") && blas["threads"] is Int)
        let cpu = try #require(object["cpu"] as? [String: Any])
        #expect(cpu["model"] is String && (cpu["fp32_peak_gflops"] as? Double ?? 0) > 0)
        #expect(!r.stderr.contains("█"), "no progress bar when piped")
    }

    @Test func builtInKernelRunsWithoutOpenBLAS() throws {
        var env = ProcessInfo.processInfo.environment
        env["DLENV_BLAS"] = "builtin"
        let r = try CLIRunner.run(["bench", "--quick", "--json", "--only", "sgemm_256"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let blas = try #require(object["blas"] as? [String: Any])
        #expect(blas["library"] is NSNull)
    }

    @Test func emitsTheTorchScript() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("torch-bench-\(UUID().uuidString).py")
        defer { try? FileManager.default.removeItem(at: path) }
        let r = try CLIRunner.run(["bench", "--emit-torch-script", path.path])
        #expect(r.status == 0)
        #expect(try String(contentsOf: path, encoding: .utf8) == BenchTorchScript.source)
    }

    @Test func unknownBenchmarkIsBadInput() throws {
        let r = try CLIRunner.run(["bench", "--only", "sgemm_1023"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown benchmark 'sgemm_1023'"))
        #expect(r.stderr.contains("sgemm_1024"))
    }

    @Test func missingInterpreterIsAnEnvironmentError() throws {
        let r = try CLIRunner.run(["bench", "--quick", "--only", "sgemm_256", "--python", "/nonexistent/python3"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("/nonexistent/python3"))
    }

    @Test func embeddedTorchScriptEqualsTheCommittedFile() throws {
        let file = CLIRunner.repositoryRoot.appendingPathComponent("scripts/bench/torch_bench.py")
        #expect(try String(contentsOf: file, encoding: .utf8) == BenchTorchScript.source)
    }

    @Test func notesExplainASlowBLAS() {
        let cpu = DLEnvCore.CPUPeak(
            cpuinfo: "processor\t: 0\nmodel name\t: X\ncpu MHz\t\t: 2000\nflags\t\t: avx avx2 fma\n")
        let results = [BenchReport.Result(name: "sgemm_1024", value: 10, unit: "GFLOP/s", peakFraction: 10 / 64)]
        var blas = DLEnvTensor.BLASInfo(library: "libopenblas.so.0", core: "Prescott", threads: 2)
        let notes = BenchSuite.notes(results, blas: blas, cpu: cpu)
        #expect(notes.count == 1)
        #expect(notes[0].contains("Prescott") && notes[0].contains("OPENBLAS_CORETYPE="))
        blas.core = "Haswell"
        #expect(!BenchSuite.notes(results, blas: blas, cpu: cpu)[0].contains("generic"))
    }

    @Test func peakEstimateFromCPUInfo() {
        let text = """
            processor\t: 0
            model name\t: Intel(R) Xeon(R) Platinum 8481C
            cpu MHz\t\t: 2700.000
            flags\t\t: fpu sse avx avx2 fma avx512f
            processor\t: 1
            model name\t: Intel(R) Xeon(R) Platinum 8481C
            """
        let peak = DLEnvCore.CPUPeak(cpuinfo: text)
        #expect(peak.cores == 2 && peak.fp32FlopsPerCycle == 64)
        #expect(Swift.abs(peak.fp32PeakGFLOPS - 2 * 64 * 2.7) < 1e-9)
    }
}
