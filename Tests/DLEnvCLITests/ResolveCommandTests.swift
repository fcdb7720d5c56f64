import DLEnvService
import Foundation
import Testing

@testable import DLEnvCLI

/// `dlenv resolve`: exit codes 0/1/2 and the JSON keys other tools rely on.
@Suite struct ResolveCommandTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func foundStacksExitZeroWithJSONKeys() throws {
        let r = try CLIRunner.run([
            "resolve", "--torch", "2.4", "--python", "3.11", "--driver", "535.104.05", "--gpu",
            "NVIDIA GeForce RTX 3090",
            "--gpu", "8.0", "--json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try json(r.stdout)
        let stacks = try #require(object["stacks"] as? [[String: Any]])
        let first = try #require(stacks.first)
        for key in ["torch", "torchvision", "torchaudio", "python", "variant", "cuda", "cudnn", "index_url"] {
            #expect(first.keys.contains(key), "stack lacks \(key)")
        }
        #expect(first["torch"] as? String == "2.4.1")
        #expect(first["variant"] as? String == "cu124")
        #expect(first["python"] as? String == "3.11")
        #expect(object["rejected"] is [Any])
    }

    @Test func noCompatibleStackExitsOneWithReasons() throws {
        let r = try CLIRunner.run([
            "resolve", "--torch", "2.15", "--gpu", "NVIDIA GeForce GTX 1080 Ti", "--driver", "580.95.05",
        ])
        #expect(r.status == 1)
        #expect(r.stdout.contains("No compatible stack."))
        #expect(
            r.stdout.contains(
                "GPU 0 NVIDIA GeForce GTX 1080 Ti (sm_61) is not in the arch list of torch 2.15.0+cu132 (sm_75 … sm_120)"
            ))
        let j = try CLIRunner.run([
            "resolve", "--torch", "2.15", "--gpu", "NVIDIA GeForce GTX 1080 Ti", "--driver", "580.95.05", "--json",
        ])
        #expect(j.status == 1)
        let object = try json(j.stdout)
        let rejected = try #require(object["rejected"] as? [[String: Any]])
        #expect((rejected.first?["candidate"] as? String)?.hasPrefix("torch 2.15.0+cu132 / Python 3.") == true)
        #expect((rejected.first?["reasons"] as? [String])?.count == 1)
    }

    @Test(arguments: [
        (["resolve", "--torch", "2.x"], "not a version clause"),
        (["resolve", "--torch", ">=2.4,<2.1"], "cannot be satisfied"),
        (["resolve", "--torch", "==2.16.0"], "nearest known"),
        (["resolve", "--gpu", "RTX 3095"], "did you mean"),
        (["resolve", "--accelerator", "tpu"], "not an accelerator"),
        (["resolve", "--accelerator", "cu125"], "nearest known"),
        (["resolve", "--os", "solaris"], "not linux or windows"),
        (["resolve", "--driver", "abc"], "not a version"),
        (["resolve", "--python", "three"], "neither a Python version nor an interpreter found on PATH"),
        (["resolve", "--python", "3.x"], "neither a Python version nor an interpreter"),
        (["resolve", "--host", "/nonexistent/host.json"], "cannot read"),
    ])
    func badInputExitsTwo(arguments: [String], message: String) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func cpuOnlyByDefault() throws {
        let r = try CLIRunner.run(["resolve", "--json"])
        #expect(r.status == 0)
        let stacks = try #require(try json(r.stdout)["stacks"] as? [[String: Any]])
        #expect(stacks.allSatisfy { $0["variant"] as? String == "cpu" })
    }

    @Test func probeReportAsHost() throws {
        let report = """
            {"os": "linux", "gpus": [{"index": 0, "name": "NVIDIA A100-SXM4-80GB", "compute_capability": "8.0"}],
             "driver": {"version": "525.85.12"}, "toolkits": [], "cudnn": [], "nccl": [], "container": false,
             "wsl": false, "pythons": [], "warnings": []}
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-host-\(UUID().uuidString).json")
        try report.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try CLIRunner.run(["resolve", "--host", file.path, "--torch", "2.10", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let stacks = try #require(try json(r.stdout)["stacks"] as? [[String: Any]])
        #expect(stacks.first?["variant"] as? String == "cu128")
    }
}

/// One flag vocabulary (issue #12): `--python` is a version or an interpreter on check and resolve alike.
@Suite struct PythonFlagTests {
    @Test func anInterpreterStandsForItsVersion() throws {
        let byVersion = try CLIRunner.run(["resolve", "--torch", "==2.4.1", "--accelerator", "cpu", "--python", "3.11"])
        let byInterpreter = try CLIRunner.run([
            "resolve", "--torch", "==2.4.1", "--accelerator", "cpu", "--python", "/usr/bin/python3",
        ])
        #expect(byVersion.status == 0 && byInterpreter.status == 0, "\(byInterpreter.stderr)")
        // Debian 12's /usr/bin/python3 is 3.11; either way the header names the Python that was resolved.
        #expect(byInterpreter.stdout.contains("Python 3."))
    }

    @Test func checkTakesAnInterpreterToo() throws {
        let r = try CLIRunner.run(["check", "--torch", "2.4.1", "--accelerator", "cpu", "--python", "/usr/bin/python3"])
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("/ Python 3."))
        let old = try CLIRunner.run([
            "check", "--torch", "2.4.1", "--accelerator", "cpu", "--interpreter", "/usr/bin/python3",
        ])
        #expect(old.stderr.contains("--interpreter is deprecated"))
    }

    @Test func aVersionNamesThatPythonOnPATH() {
        #expect(PythonSelection.interpreter("3.12") == "python3.12")
        #expect(PythonSelection.interpreter(".venv/bin/python") == ".venv/bin/python")
    }
}

/// `--json` on every command that reports (issue #12): fleet check and report too.
@Suite struct JSONEverywhereTests {
    @Test func fleetCheckHasJSON() throws {
        let r = try CLIRunner.run(["fleet", "check", "examples/workspace/plan", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(o["ok"] as? Bool == true && (o["files"] as? Int ?? 0) > 0 && (o["problems"] as? [Any])?.isEmpty == true)
    }

    @Test func reportHasJSON() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("r.html").path
        let r = try CLIRunner.run([
            "report", "--html", page, "--db", dir.appendingPathComponent("h.sqlite").path, "--json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(o["file"] as? String == page && (o["bytes"] as? Int ?? 0) > 0 && o["runs"] as? Int == 0)
        #expect(FileManager.default.fileExists(atPath: page))
    }
}
