import Foundation
import Testing

@testable import DLEnvCLI

/// `dlenv bench --rounds`: interleaved rounds against one torch server, rounds without torch, bad rounds, and an
/// interpreter without torch (the server and the notes are tested in DLEnvBenchTests).
@Suite struct BenchRoundsTests {
    static var hasTorch: Bool { CLIRunner.python3HasTorch }

    @Test(.enabled(if: hasTorch, "python3 has no torch"))
    func twoRoundsAgainstTorchRecordEveryValueAndCompareBestWithBest() throws {
        let r = try CLIRunner.run([
            "bench", "--quick", "--json", "--only", "tiny_mlp_step", "--python", TestPython.executable, "--rounds", "2",
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
}
