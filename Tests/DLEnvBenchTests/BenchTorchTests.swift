import DLEnvProcess
import Foundation
import Testing

@testable import DLEnvBench

/// The torch server behind `dlenv bench --python`: the serve protocol, a server that never answers, and the
/// embedded script against its committed copy.
@Suite struct BenchTorchTests {
    /// Whether `python3` here imports torch (CI installs torch CPU; elsewhere the torch tests are skipped).
    static let hasTorch: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [TestPython.executable, "-c", "import torch"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A shell script standing in for an interpreter. Written by a child process: a file this process held open
    /// for writing could leak into a process another test spawns at that moment, and exec would then fail with
    /// ETXTBSY.
    func fakeInterpreter(_ body: String, in dir: URL) throws -> URL {
        let file = dir.appendingPathComponent("python-fake")
        let made = try ProcessRunner.run(
            ProcessCommand(
                [
                    "/bin/sh", "-c", "printf '%s' \"$1\" > \"$2\" && chmod 755 \"$2\"", "sh", "#!/bin/sh\n\(body)\n",
                    file.path,
                ],
                timeout: 10))
        #expect(made.termination == .exited(0))
        return file
    }

    @Test(.enabled(if: hasTorch, "python3 has no torch"))
    func theServerAnswersOneJSONLinePerRequestAndReportsUnknownNames() throws {
        let server = try BenchTorch(python: TestPython.executable, quick: true, timeout: 120)
        defer { server.close() }
        #expect(server.version.contains("."))
        #expect(server.threads > 0)
        for _ in 0..<2 { #expect((try server.measure("tiny_mlp_step") ?? 0) > 0) }
        #expect {
            try server.measure("no_such_benchmark")
        } throws: { error in
            guard case .benchmarkFailed(let name, _, _) = error as? BenchError else { return false }
            return name == "no_such_benchmark"
        }
        // An error is an answer: the server keeps serving.
        #expect((try server.measure("tiny_mlp_step") ?? 0) > 0)
        server.close()
        #expect(throws: BenchError.alreadyStopped(python: TestPython.executable)) {
            try server.measure("tiny_mlp_step")
        }
    }

    @Test func aServerThatNeverAnswersTimesOutAsAnEnvironmentError() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let silent = try fakeInterpreter("exec sleep 30", in: dir)
        let started = Date()
        #expect(throws: BenchError.noAnswer(python: silent.path, seconds: 1)) {
            _ = try BenchTorch(python: silent.path, quick: true, timeout: 1)
        }
        #expect(BenchError.noAnswer(python: silent.path, seconds: 1).description.contains("did not answer within 1 s"))
        #expect(!BenchError.noAnswer(python: silent.path, seconds: 1).isBadInput)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// A server that dies before its first line: the exit status and the end of its stderr, not a hang.
    @Test func aServerThatExitsSaysHowWithTheEndOfItsStderr() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dying = try fakeInterpreter("echo one >&2; echo two >&2; echo 'not json'; exit 4", in: dir)
        #expect(throws: BenchError.serverStopped(python: dying.path, status: 4, stderrTail: "one | two")) {
            _ = try BenchTorch(python: dying.path, quick: true, timeout: 10)
        }
    }

    /// An interpreter whose torch cannot be imported says so in its first line.
    @Test func aHeaderWithAnErrorIsTorchUnavailable() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bare = try fakeInterpreter(#"echo '{"error": "cannot import torch: no module"}'; cat >/dev/null"#, in: dir)
        #expect(throws: BenchError.torchUnavailable(python: bare.path, error: "cannot import torch: no module")) {
            _ = try BenchTorch(python: bare.path, quick: true, timeout: 10)
        }
        #expect(
            BenchError.torchUnavailable(python: bare.path, error: "x").remedy?.contains("pip install torch") == true)
    }

    @Test func aMissingInterpreterCannotStart() {
        #expect {
            _ = try BenchTorch(python: "/nonexistent/python3", quick: true, timeout: 5)
        } throws: { error in
            guard case .cannotStart(let python, _) = error as? BenchError else { return false }
            return python == "/nonexistent/python3"
        }
    }

    @Test func embeddedTorchScriptEqualsTheCommittedFile() throws {
        let file = Self.repositoryRoot.appendingPathComponent("scripts/bench/torch_bench.py")
        #expect(try String(contentsOf: file, encoding: .utf8) == BenchTorchScript.source)
    }
}
