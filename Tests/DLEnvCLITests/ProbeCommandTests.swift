import Foundation
import Testing

/// `dlenv probe` end to end: the built binary on fixture roots, with fake tools first on PATH, and on this
/// GPU-less machine.
@Suite struct ProbeCommandTests {
    static let hosts = CLIRunner.repositoryRoot.appendingPathComponent("Tests/DLEnvProbeTests/Fixtures/hosts")

    func json(_ stdout: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] ?? [:]
    }

    @Test func jsonFromAFixtureRoot() throws {
        let root = Self.hosts.appendingPathComponent("r384-gtx650-proc/root").path
        let r = try CLIRunner.run(["probe", "--json", "--root", root, "--no-exec"])
        #expect(r.status == 0)
        let o = try json(r.stdout)
        let driver = o["driver"] as? [String: Any]
        #expect(driver?["version"] as? String == "384.98")
        #expect(driver?["source"] as? String == "/proc/driver/nvidia/version")
        let gpus = o["gpus"] as? [[String: Any]] ?? []
        #expect(gpus.first?["name"] as? String == "GeForce GTX 650")
        #expect(o["warnings"] as? [String] == [])
    }

    /// --root reads files under the folder while commands come from PATH: a fake nvidia-smi prints the captured
    /// R610 banner.
    @Test func fakeNvidiaSMIOnPath() throws {
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: bin) }
        let captured = Self.hosts.appendingPathComponent("r610-b200-kmd-banner/commands/nvidia-smi.banner.txt").path
        let script = bin.appendingPathComponent("nvidia-smi")
        // Only the plain banner call succeeds; the query calls fail as an unknown field would.
        try writeExecutable(
            """
            #!/bin/sh
            if [ $# -eq 0 ]; then cat '\(captured)'; exit 0; fi
            echo 'Field "compute_cap" is not a valid field to query.'; exit 2

            """, to: script)
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = bin.path + ":/usr/bin:/bin"
        let emptyRoot = Self.hosts.appendingPathComponent("r610-b200-kmd-banner/root").path
        let r = try CLIRunner.run(
            ["probe", "--json", "--root", emptyRoot, "--no-path-pythons"], environment: env)
        #expect(r.status == 0)
        let driver = try json(r.stdout)["driver"] as? [String: Any]
        #expect(driver?["version"] as? String == "610.43.02")
        #expect(driver?["cuda_version"] as? String == "13.3")
        #expect(driver?["source"] as? String == "nvidia-smi (banner)")
    }

    @Test func humanSummaryOfThisMachine() throws {
        let r = try CLIRunner.run(["probe", "--no-exec"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("driver"))
        #expect(r.stdout.contains("cpu"))
        #expect(r.stdout.contains("blas"))
    }

    @Test func liveJSONHasTheDocumentedKeys() throws {
        let r = try CLIRunner.run(["probe", "--json", "--no-exec"])
        #expect(r.status == 0)
        let o = try json(r.stdout)
        for key in ["gpus", "toolkits", "cudnn", "nccl", "container", "wsl", "pythons", "warnings", "sources"] {
            #expect(o[key] != nil, "missing \(key)")
        }
        #expect(o["cpu"] != nil)
    }

    @Test func missingRootIsBadInput() throws {
        let r = try CLIRunner.run(["probe", "--root", "/no/such/folder"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no such folder"))
    }
}

/// Writes an executable script from a child process: a file the test process held open for writing could leak
/// into a process another test spawns at that moment, and exec would then fail with ETXTBSY.
func writeExecutable(_ text: String, to url: URL) throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", "printf '%s' \"$1\" > \"$2\" && chmod 755 \"$2\"", "sh", text, url.path]
    try p.run()
    p.waitUntilExit()
}
