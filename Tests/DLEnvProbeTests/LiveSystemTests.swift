import DLEnvCore
import Foundation
import Testing

@testable import DLEnvProbe

/// The real seam on this machine: subprocesses with time limits, `--root`, and a sane probe of a GPU-less
/// host (no machine-specific values are asserted).
@Suite struct LiveSystemTests {
    func temporaryFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func runCapturesOutputAndStatus() {
        let r = Subprocess.run(executable: "/bin/sh", arguments: ["-c", "echo out; echo err >&2; exit 3"], timeout: 5)
        #expect(r == .exited(status: 3, stdout: "out\n", stderr: "err\n"))
    }

    @Test func hungCommandIsKilledAtTheLimit() throws {
        let start = Date()
        let r = Subprocess.run(executable: "/bin/sh", arguments: ["-c", "sleep 30 & sleep 30"], timeout: 0.3)
        #expect(r == .timedOut(seconds: 0.3))
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func signalIsReported() {
        let r = Subprocess.run(executable: "/bin/sh", arguments: ["-c", "kill -SEGV $$"], timeout: 5)
        if case .signaled(let s, _, _) = r { #expect(s == 11) } else { Issue.record("got \(r)") }
    }

    @Test func missingToolIsNotFound() {
        let r = LiveSystem().run(Invocation("dlenv-no-such-tool-xyz", [], key: "x"), timeout: 1)
        #expect(r == .notFound)
    }

    /// A fake nvidia-smi that sleeps, first on PATH: the live probe warns and goes on.
    @Test func liveProbeSurvivesAHangingNvidiaSMI() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("nvidia-smi")
        // Written by a child process: a file this process held open for writing could leak into a process
        // another test spawns at that moment, and exec would then fail with ETXTBSY.
        let made = Subprocess.run(
            executable: "/bin/sh",
            arguments: [
                "-c", "printf '%s' \"$1\" > \"$2\" && chmod 755 \"$2\"", "sh", "#!/bin/sh\nsleep 30\n", script.path,
            ],
            timeout: 10)
        #expect(made.successOutput != nil)
        let path = dir.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        setenv("PATH", path, 1)
        defer { setenv("PATH", String(path.dropFirst(dir.path.count + 1)), 1) }
        let start = Date()
        let report = HostProbe(
            system: LiveSystem(root: dir.path),
            options: ProbeOptions(searchPath: false, timeout: 0.5)
        ).run()
        #expect(report.facts.warnings.contains { $0.contains("hung and was killed after 0.5 s") })
        #expect(Date().timeIntervalSince(start) < 10)
    }

    /// --root reads files under the folder: a fixture scenario's root/ gives its file facts.
    @Test func rootPrefixesFileReads() throws {
        let root = FixtureSupport.hosts.appendingPathComponent("r384-gtx650-proc/root").path
        let report = HostProbe(system: LiveSystem(root: root), options: ProbeOptions(noExec: true)).run()
        #expect(report.facts.driver?.version == "384.98")
        #expect(report.facts.gpus.first?.name == "GeForce GTX 650")
    }

    /// This machine has no NVIDIA GPU: the report says so without warnings about it, and has CPU facts.
    @Test func liveProbeOfThisMachineIsSane() {
        let report = HostProbe(system: LiveSystem(), options: ProbeOptions(noExec: true)).run()
        let f = report.facts
        if f.driver == nil {
            #expect(f.gpus.allSatisfy { $0.gfx != nil })
            #expect(!f.warnings.contains { $0.contains("nvidia-smi") })
        }
        #expect(f.cpu != nil)
        #expect((f.cpu?.cores ?? 0) >= 1)
        #expect(f.blas != nil)
    }
}
