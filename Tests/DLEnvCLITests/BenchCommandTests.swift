import DLEnvBench
import DLEnvCore
import Foundation
import Testing

@testable import DLEnvCLI

/// `dlenv bench`: the JSON contract, the emitted torch script, bad input, and the peak agreeing with `doctor`.
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
        #expect(cpu["name"] is String && cpu.keys.contains("nominal_peak_gflops") && cpu["peak_method"] != nil)
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

    /// A CPU model as the probe builds it (2 cores, AVX2+FMA: 32 FLOP/cycle, 2 GHz: 128 GFLOP/s nominal).
    static let cpu = CPUModel(
        name: "X", vendor: "GenuineIntel", family: 6, model: 60, cores: 2, logicalCores: 2, flags: ["avx2", "fma"],
        clockGHz: 2, clockSource: "cpu MHz")

    /// `doctor` and `bench` report the same CPU model (nominal peak) and the same OpenBLAS core, and bench measures
    /// the FMA throughput it divides by.
    @Test func benchAndDoctorAgreeOnThePeakAndTheBLASCore() throws {
        let bench = try CLIRunner.run([
            "bench", "--quick", "--json", "--only", "sgemm_256", "--rounds", "1", "--no-store",
        ])
        #expect(bench.status == 0, "\(bench.stderr)")
        let b = try #require(try JSONSerialization.jsonObject(with: Data(bench.stdout.utf8)) as? [String: Any])
        let doctor = try CLIRunner.run(["doctor", "--json", "--no-exec", "--no-verify"])
        let d = try #require(try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as? [String: Any])
        let facts = try #require(d["host"] as? [String: Any], "\(d.keys)")
        let cpu = try #require(b["cpu"] as? [String: Any])
        let probeCPU = try #require(facts["cpu"] as? [String: Any])
        #expect(cpu["nominal_peak_gflops"] as? Double == probeCPU["fp32_peak_gflops"] as? Double)
        #expect(
            ((probeCPU["details"] as? [String: Any])?["core"] as? [String: Any])?["fp32_flops_per_cycle"] as? Int
                == (cpu["core"] as? [String: Any])?["fp32_flops_per_cycle"] as? Int)
        let blas = try #require(b["blas"] as? [String: Any]), probeBLAS = try #require(facts["blas"] as? [String: Any])
        if blas["library"] is String {
            #expect(blas["coretype_override"] as? String == probeBLAS["coretype"] as? String)
        }
        let measured = try #require(b["measured_peak"] as? [String: Any])
        #expect((measured["gflops"] as? Double ?? 0) > 0 && (measured["seconds"] as? Double ?? 1) < 1)
        let row = try #require((b["results"] as? [[String: Any]])?.first)
        #expect(row["peak_fraction"] is Double && row.keys.contains("nominal_peak_fraction"))
    }
}
