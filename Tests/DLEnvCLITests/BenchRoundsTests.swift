import DLEnvCore
import DLEnvTensor
import Foundation
import Testing

@testable import DLEnvCLI

/// `dlenv bench --rounds`: interleaved rounds against one torch server, the serve protocol, bad rounds, and the
/// block-cache note.
@Suite struct BenchRoundsTests {
    static var hasTorch: Bool { CLIRunner.python3HasTorch }

    @Test(.enabled(if: hasTorch, "python3 has no torch"))
    func twoRoundsAgainstTorchRecordEveryValueAndCompareBestWithBest() throws {
        let r = try CLIRunner.run([
            "bench", "--quick", "--json", "--only", "tiny_mlp_step", "--python", "python3", "--rounds", "2",
            "--no-store",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["rounds"] as? Int == 2)
        let torch = try #require(object["torch"] as? [String: Any])
        #expect((torch["version"] as? String)?.isEmpty == false)
        let result = try #require((object["results"] as? [[String: Any]])?.first)
        let values = try #require(result["values"] as? [Double])
        let torchValues = try #require(result["torch_values"] as? [Double])
        #expect(values.count == 2 && torchValues.count == 2)
        #expect(values.allSatisfy { $0 > 0 } && torchValues.allSatisfy { $0 > 0 })
        #expect(result["value"] as? Double == values.max())
        #expect(result["torch_value"] as? Double == torchValues.max())
        // A ratio only between stable sides: on a busy machine the row is noisy instead, and says why.
        if let why = result["noisy"] as? String {
            #expect(result["vs_torch"] is NSNull && why.contains("spread"))
        } else {
            let ratio = try #require(result["vs_torch"] as? Double)
            #expect(Swift.abs(ratio - values.max()! / torchValues.max()!) <= 1e-12 * ratio)
        }
        let cache = try #require(object["block_cache"] as? [String: Any])
        #expect(cache["hits"] is Int && cache["misses"] is Int && cache["budget_bytes"] is Int)
    }

    @Test(.enabled(if: hasTorch, "python3 has no torch"))
    func theServerAnswersOneJSONLinePerRequestAndReportsUnknownNames() throws {
        let server = try BenchTorch(python: "python3", quick: true, timeout: 120)
        defer { server.close() }
        #expect(server.version.contains("."))
        #expect(server.threads > 0)
        for _ in 0..<2 { #expect((try server.measure("tiny_mlp_step") ?? 0) > 0) }
        #expect(throws: CLIFailure.self) { try server.measure("no_such_benchmark") }
        // An error is an answer: the server keeps serving.
        #expect((try server.measure("tiny_mlp_step") ?? 0) > 0)
    }

    @Test func withoutTorchValuesAreStillRecordedPerRound() throws {
        let r = try CLIRunner.run(["bench", "--quick", "--json", "--only", "sgemm_256", "--rounds", "2", "--no-store"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["rounds"] as? Int == 2)
        let result = try #require((object["results"] as? [[String: Any]])?.first)
        #expect((result["values"] as? [Double])?.count == 2)
        #expect(result["torch_values"] is NSNull)
        let text = try CLIRunner.run(["bench", "--quick", "--only", "sgemm_256", "--rounds", "1", "--no-store"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("\n1 round\n"))
    }

    @Test(arguments: ["--rounds=0", "--rounds=-2"])
    func roundsBelowOneAreBadInput(_ flag: String) throws {
        let r = try CLIRunner.run(["bench", "--quick", "--only", "sgemm_256", flag, "--no-store"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--rounds must be at least 1"))
    }

    @Test func anInterpreterWithoutTorchExitsThreeAndSaysSo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-rounds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fake = dir.appendingPathComponent("python-without-torch")
        // -S: no site-packages, so `import torch` fails the way it does in a bare environment.
        try Data("#!/bin/sh\nexec python3 -S \"$@\"\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let r = try CLIRunner.run(["bench", "--quick", "--only", "sgemm_256", "--python", fake.path, "--no-store"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("cannot import torch"))
        #expect(r.stderr.contains("pip install torch"))
    }

    @Test func aServerThatNeverAnswersTimesOutAsAnEnvironmentError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-rounds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let silent = dir.appendingPathComponent("python-that-hangs")
        try Data("#!/bin/sh\nexec sleep 30\n".utf8).write(to: silent)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: silent.path)
        let started = Date()
        do {
            _ = try BenchTorch(python: silent.path, quick: true, timeout: 1)
            Issue.record("a silent server must time out")
        } catch let failure as CLIFailure {
            #expect(failure.exitCode == ExitStatus.environment)
            #expect(failure.rendered.contains("did not answer within 1 s"))
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    static let cpu = BenchCommandTests.cpu
    static let blas = DLEnvTensor.BLASInfo(library: "libopenblas.so.0", core: "Haswell", threads: 2)

    func notes(_ names: [String], elementwiseHits: Int) -> [String] {
        let results = names.map { BenchReport.Result(name: $0, value: 300, unit: "Melem/s", peakFraction: nil) }
        let cache = BenchReport.BlockCache(
            hits: elementwiseHits + 4, misses: 7, budgetBytes: 256 << 20, elementwiseHits: elementwiseHits)
        return BenchSuite.notes(results, blas: Self.blas, cpu: Self.cpu, measured: nil, blockCache: cache)
    }

    @Test func theBlockCacheNoteAppearsOnlyWhenTheElementwiseJobsHitTheCache() {
        let with = notes(["relu_16m", "gelu_16m", "tiny_mlp_step"], elementwiseHits: 12)
        #expect(with.count == 1)
        #expect(with[0].hasPrefix("relu_16m, gelu_16m reuse freed 64 MiB result blocks (12 hits)"))
        #expect(with[0].contains("DLENV_BLOCK_CACHE_MB=0") && with[0].contains("THP_MEM_ALLOC_ENABLE=1"))
        #expect(notes(["relu_16m", "sigmoid_16m"], elementwiseHits: 0).isEmpty)
        #expect(notes(["tiny_mlp_step"], elementwiseHits: 3).isEmpty)
        #expect(
            BenchSuite.notes(
                [BenchReport.Result(name: "relu_16m", value: 300, unit: "Melem/s", peakFraction: nil)], blas: Self.blas,
                cpu: Self.cpu, measured: nil
            ).isEmpty)
    }
}
