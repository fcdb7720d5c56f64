import Foundation
import Testing

/// `dlenv doctor` on a fixture root and on this GPU-less machine.
@Suite struct DoctorCommandTests {
    static let hosts = CLIRunner.repositoryRoot.appendingPathComponent("Tests/DLEnvProbeTests/Fixtures/hosts")

    @Test func gpuLessMachineGetsACPUStack() throws {
        let r = try CLIRunner.run(["doctor", "--no-exec"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("== best stack for this host"))
        #expect(r.stdout.contains("pip install torch=="))
        #expect(r.stdout.contains("== quick verification"))
        #expect(r.stdout.contains("workloads passed on dlenv's tensor core"))
    }

    @Test func fixtureWithOldDriverGetsAStackItCanRun() throws {
        let root = Self.hosts.appendingPathComponent("r470-quadro-no-compute-cap/root").path
        // The captured banner comes from a fake nvidia-smi first on PATH.
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-doctor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: bin) }
        let banner = Self.hosts.appendingPathComponent("r470-quadro-no-compute-cap/commands/nvidia-smi.banner.txt")
        let script =
            "#!/bin/sh\n[ $# -eq 0 ] && cat '\(banner.path)' && exit 0\n"
            + "echo 'Field \"compute_cap\" is not a valid field to query.'\nexit 2\n"
        try writeExecutable(script, to: bin.appendingPathComponent("nvidia-smi"))
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = bin.path + ":/usr/bin:/bin"
        let r = try CLIRunner.run(
            ["doctor", "--root", root, "--no-path-pythons", "--json", "--no-verify"], environment: env)
        #expect(r.status == 0)
        let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        let best = (o["best"] as? [String: Any])?["stack"] as? [String: Any]
        // Driver 470.256.02 runs CUDA 11.x builds (floor 450.80.02), not CUDA 12 (525.60.13).
        #expect((best?["cuda"] as? String)?.hasPrefix("11.") == true)
        #expect(o["verification"] == nil)
    }

    /// --no-verify says the verification was skipped and how to run it, never that it is missing from the build.
    @Test func noVerifySaysItWasSkipped() throws {
        let r = try CLIRunner.run(["doctor", "--no-exec", "--no-verify"])
        #expect(
            r.stdout.contains("== quick verification\n  skipped (--no-verify); run it with: dlenv verify --quick\n"))
        #expect(!r.stdout.contains("not available in this build"))
    }
}
