import Foundation
import Testing

/// `dlenv explain` end to end: text, files, standard input, a saved host, JSON, exit codes and bad input.
@Suite struct ExplainCommandTests {
    static let fixtures = CLIRunner.repositoryRoot.appendingPathComponent("Tests/DLEnvExplainTests/Fixtures")
    func fixture(_ name: String) -> String { Self.fixtures.appendingPathComponent(name).path }

    func json(_ stdout: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] ?? [:]
    }

    /// Runs `dlenv explain ARGS` with a file as standard input (CLIRunner gives the child /dev/null).
    func runWithStandardInput(_ path: String, _ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let p = Process()
        p.executableURL = CLIRunner.executable
        p.arguments = arguments
        p.currentDirectoryURL = CLIRunner.repositoryRoot
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-explain-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        let handle = try FileHandle(forWritingTo: out)
        p.standardInput = FileHandle(forReadingAtPath: path)
        p.standardOutput = handle
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try handle.close()
        return (p.terminationStatus, String(decoding: try Data(contentsOf: out), as: UTF8.self))
    }

    @Test func textArgumentIsExplainedWithFixes() throws {
        let r = try CLIRunner.run([
            "explain", "--no-probe",
            "RuntimeError: The NVIDIA driver on your system is too old (found version 11040). Please update your GPU driver",
        ])
        #expect(r.status == 0)
        #expect(r.stdout.contains("driver-too-old: the NVIDIA driver is older"))
        #expect(r.stdout.contains("driver_cuda: 11.4"))
        #expect(r.stdout.contains("fixes, best first"))
        #expect(r.stdout.contains("upgrade the NVIDIA driver to ≥ 580"))
    }

    @Test func jsonHasMatchesWithIdCauseFactsFixes() throws {
        let r = try CLIRunner.run([
            "explain", "--json", "--host", fixture("hosts/rtx3090-r470.json"), "--file",
            fixture("threads/driver-too-old-fooocus-1313.log"),
        ])
        #expect(r.status == 0)
        let o = try json(r.stdout)
        #expect(o["recognised"] as? Bool == true)
        let m = try #require((o["matches"] as? [[String: Any]])?.first)
        #expect(m["id"] as? String == "driver-too-old" && (m["cause"] as? String)?.isEmpty == false)
        #expect((m["facts"] as? [String: Any])?["driver_cuda"] as? String == "11.4")
        let fixes = try #require(m["fixes"] as? [[String: Any]])
        #expect(fixes.first?["kind"] as? String == "other_variant")
        #expect(fixes.contains { $0["kind"] as? String == "upgrade_driver" && $0["driver"] as? String == "525.60.13" })
        #expect((m["evidence"] as? [[String: Any]])?.first?["line"] as? Int == 1)
        #expect((o["log_facts"] as? [String: Any])?["driver"] as? String == "470.86")
    }

    @Test func standardInputWithADash() throws {
        let r = try runWithStandardInput(fixture("long/cuda-oom-cads-4.log"), ["explain", "--no-probe", "-"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("cuda-oom: the GPU ran out of memory"))
        #expect(r.stdout.contains("requested_bytes: 22.78 GiB"))
        #expect(r.stdout.contains("PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True"))
    }

    @Test func notRecognisedExitsOneAndDescribesTheHost() throws {
        let r = try CLIRunner.run([
            "explain", "--host", fixture("hosts/rtx3090-r470.json"), "ValueError: expected 4D input (got 3D input)",
        ])
        #expect(r.status == 1)
        #expect(r.stdout.contains("not recognised"))
        #expect(r.stdout.contains("driver 470.82.01 (CUDA 11.4)"))
        #expect(r.stdout.contains("GPU 0 NVIDIA GeForce RTX 3090 (8.6)"))
        #expect(r.stdout.contains("torch 2.4.0+cu121"))
        #expect(r.stdout.contains("known failures: driver-too-old"))
    }

    @Test func badInputIsExitTwoWithAMessage() throws {
        let binary = try CLIRunner.run(["explain", "--no-probe", "--file", fixture("junk.bin")])
        #expect(binary.status == 2 && binary.stderr.contains("is not text"))
        let empty = try CLIRunner.run(["explain", "--no-probe", "--file", fixture("empty.log")])
        #expect(empty.status == 2 && empty.stderr.contains("holds no text"))
        let none = try CLIRunner.run(["explain", "--no-probe"])
        #expect(none.status == 2 && none.stderr.contains("nothing to explain"))
        let both = try CLIRunner.run(["explain", "--no-probe", "--file", fixture("empty.log"), "some text"])
        #expect(both.status == 2 && both.stderr.contains("one of them"))
        let missing = try CLIRunner.run(["explain", "--no-probe", "--file", "/nonexistent.log"])
        #expect(missing.status == 2 && missing.stderr.contains("no such file"))
        let host = try CLIRunner.run(["explain", "--host", fixture("empty.log"), "x"])
        #expect(host.status == 2 && host.stderr.contains("is not a probe report"))
    }

    @Test func checkCatalogueValidatesTheFile() throws {
        let r = try CLIRunner.run(["explain", "--check-catalogue", "matrices/failures.yaml"])
        #expect(r.status == 0 && r.stdout.contains("valid"))
    }

    /// A 100 MB log: its last 64 MiB are read, the error at its end is found, in bounded time.
    @Test func hundredMegabyteLogIsReadFromItsEnd() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-explain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("train.log")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        let block = Data(
            String(repeating: "Epoch 3/50  step 120/900  loss=0.4312  lr=1.0e-04  images/s=812.4\n", count: 16_000).utf8
        )
        while try handle.offset() < 100_000_000 { try handle.write(contentsOf: block) }
        try handle.write(contentsOf: Data(ExplainCommandTestsText.oom.utf8))
        try handle.close()
        let start = Date()
        let r = try CLIRunner.run(["explain", "--no-probe", "--json", "--file", url.path])
        let seconds = Date().timeIntervalSince(start)
        #expect(r.status == 0)
        let o = try json(r.stdout)
        #expect((o["matches"] as? [[String: Any]])?.first?["id"] as? String == "cuda-oom")
        let input = try #require(o["input"] as? [String: Any])
        #expect(input["bytes_read"] as? Int == 64 << 20 && (input["skipped_bytes"] as? Int ?? 0) > 30_000_000)
        #expect(seconds < 60, "took \(seconds) s")
    }
}

enum ExplainCommandTestsText {
    /// pytorch/pytorch#59778.
    static let oom =
        "CUDA out of memory. Tried to allocate 2.26 GiB (GPU 0; 6.00 GiB total capacity; 781.59 MiB already allocated; 3.03 GiB free; 1.24 GiB reserved in total by PyTorch)\n"
}
