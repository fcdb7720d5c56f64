import Foundation
import Testing

/// `dlenv check` end to end: declared hosts (flags, a saved report, a fleet profile), exit codes, JSON.
@Suite struct CheckCommandTests {
    func json(_ stdout: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] ?? [:]
    }

    func temporaryFile(_ name: String, _ text: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func driverTooOldFailsWithNumbersAndFixes() throws {
        let r = try CLIRunner.run([
            "check", "--torch", "2.4.0", "--accelerator", "cu121", "--driver", "470.82.01", "--gpu", "8.6",
        ])
        #expect(r.status == 1)
        #expect(r.stdout.contains("driver 470.82.01 < 525.60.13"))
        #expect(r.stdout.contains("fixes, best first:"))
        #expect(r.stdout.contains("upgrade the NVIDIA driver to ≥ 525.60.13"))
    }

    @Test func jsonHasVerdictLinksAndFixes() throws {
        let r = try CLIRunner.run([
            "check", "--torch", "2.4.0", "--accelerator", "cu121", "--driver", "470.82.01", "--gpu", "8.6", "--json",
        ])
        #expect(r.status == 1)
        let o = try json(r.stdout)
        #expect(o["compatible"] as? Bool == false)
        let links = o["links"] as? [[String: Any]] ?? []
        let driver = try #require(links.first { $0["name"] as? String == "driver" })
        #expect(driver["ok"] as? Bool == false && driver["status"] as? String == "failed")
        let facts = try #require(driver["facts"] as? [String: Any])
        #expect(facts["have"] as? String == "470.82.01" && facts["need"] as? String == "525.60.13")
        #expect(facts["rule"] as? String == "minor_version_compatibility")
        let fixes = try #require(o["fixes"] as? [[String: Any]])
        #expect(!fixes.isEmpty && fixes.allSatisfy { $0["kind"] is String && $0["cost"] is [String: Any] })
        #expect(fixes.contains { $0["kind"] as? String == "upgrade_driver" && $0["driver"] as? String == "525.60.13" })
    }

    @Test func autoPicksABuildTheHostRuns() throws {
        let r = try CLIRunner.run(["check", "--torch", "2.4", "--driver", "470.82.01", "--gpu", "8.6"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("cu118"))
        #expect(r.stdout.hasSuffix("\ncompatible\n"))
    }

    /// A link dlenv could not check is never hidden under a bare "compatible" (issue #18: an unknown gfx target).
    @Test func aVerdictWithAnUncheckedLinkSaysSo() throws {
        let r = try CLIRunner.run(["check", "--torch", "2.4", "--gpu", "gfx999", "--driver", "550.54.14"])
        #expect(r.stdout.contains("? arch:GPU 0"), "\(r.stdout)")
        #expect(r.stdout.hasSuffix("compatible as far as checked (not checked: arch:GPU 0)\n"))
        #expect(!r.stdout.contains("\ncompatible\n"))
    }

    /// The issue's example: an installed torch in a saved report that its host's driver cannot run.
    @Test func installedTorchFromASavedReport() throws {
        let report = """
            {"os": "linux", "gpus": [{"index": 0, "name": "NVIDIA GeForce RTX 3090", "compute_capability": "8.6"}],
             "driver": {"version": "470.82.01", "cuda_version": "11.4"}, "toolkits": [], "cudnn": [], "nccl": [],
             "container": false, "wsl": false, "warnings": [],
             "pythons": [{"path": "/usr/bin/python3", "version": "3.10.12",
                          "torch": {"version": "2.4.0+cu121", "cuda": "12.1", "arch_list": [], "cuda_available": false,
                                    "device_count": 0, "devices": []}}]}
            """
        let file = try temporaryFile("host.json", report)
        let r = try CLIRunner.run(["check", "--host", file.path])
        #expect(r.status == 1)
        #expect(
            r.stdout.contains("torch 2.4.0+cu121 in /usr/bin/python3 cannot use GPU 0: driver 470.82.01 < 525.60.13"))
        #expect(r.stdout.contains("\n  1. in /usr/bin/python3: "))
        #expect(r.stdout.contains("pip install torch=="))
    }

    @Test func fleetProfile() throws {
        let profile = try temporaryFile(
            "fleet.yaml", "# our fleet\ndriver: 535.104.05\ngpus:\n  - \"8.0\"\n  - sm_90\n")
        let ok = try CLIRunner.run(["check", "--profile", profile.path, "--torch", "2.4.1", "--accelerator", "cu121"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("arch:GPU 1"))
        let old = try temporaryFile("old.yaml", "driver: 470.82.01\ngpus: [\"8.6\"]\n")
        let bad = try CLIRunner.run(["check", "--profile", old.path, "--torch", "2.4.1", "--accelerator", "cu121"])
        #expect(bad.status == 1)
    }

    @Test func badInputExitsTwo() throws {
        let typo = try temporaryFile("fleet.yaml", "drivr: 535\n")
        let r = try CLIRunner.run(["check", "--profile", typo.path, "--torch", "2.4"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown key 'drivr'") && r.stderr.contains("did you mean 'driver'"))
        #expect(r.stderr.contains(":1"))
        #expect(try CLIRunner.run(["check", "--torch", "0.0.1", "--driver", "550"]).status == 2)
        #expect(try CLIRunner.run(["check", "--host", "/no/such/report.json"]).status == 2)
        #expect(try CLIRunner.run(["check", "--torch", "2.4", "--accelerator", "tpu", "--driver", "550"]).status == 2)
    }

    /// --build-extensions adds the toolkit link: nvcc's major must match torch's CUDA major.
    @Test func buildExtensionsNeedsAMatchingToolkit() throws {
        let host = try temporaryFile(
            "host.json",
            #"{"os":"linux","gpus":[],"driver":{"version":"550.54.15"},"toolkits":[{"version":"11.8.89","#
                + #""path":"/usr/local/cuda-11.8"}],"cudnn":[],"nccl":[],"container":false,"wsl":false,"#
                + #""pythons":[],"warnings":[]}"#)
        let bad = try CLIRunner.run([
            "check", "--host", host.path, "--torch", "2.4.1", "--accelerator", "cu121", "--build-extensions",
        ])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("needs a CUDA 12.x toolkit (nvcc); found 11.8.89"))
        let good = try CLIRunner.run([
            "check", "--host", host.path, "--torch", "2.4.1", "--accelerator", "cu118", "--build-extensions",
        ])
        #expect(good.status == 0)
        let plain = try CLIRunner.run(["check", "--host", host.path, "--torch", "2.4.1", "--accelerator", "cu121"])
        #expect(plain.status == 0)
    }

    @Test func specSuppliesTheStackAndItsTarget() throws {
        let spec = try temporaryFile(
            "dlenv.yaml",
            """
            name: legacy-fleet
            torch: "2.4"
            accelerator: cu121
            target:
              driver: "470.82.01"
              gpus: ["NVIDIA A100-SXM4-80GB"]
            """)
        let r = try CLIRunner.run(["check", "--spec", spec.path, "--json"])
        #expect(r.status == 1, "\(r.stderr)")
        let o = try json(r.stdout)
        #expect(o["compatible"] as? Bool == false)
        #expect((o["candidate"] as? String)?.contains("2.4") == true)
        // A flag overrides the spec's target: a new enough driver makes the same stack compatible.
        let ok = try CLIRunner.run(["check", "--spec", spec.path, "--driver", "550.54.15", "--gpu", "8.0"])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
    }

    @Test func badSpecExitsTwoWithItsLocation() throws {
        let spec = try temporaryFile("dlenv.yaml", "name: x\ntorch: \"2.4\"\npyton: \"3.11\"\n")
        let r = try CLIRunner.run(["check", "--spec", spec.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("pyton"))
        #expect(r.stderr.contains("dlenv.yaml:3"))
    }
}
