import Foundation
import Testing

/// `dlenv init`: reads the project's files, takes a target, writes a spec that `dlenv dockerfile` accepts.
@Suite struct RecipeInitTests {
    static func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    @Test func cpuDefaultFromRequirementsThenDockerfileWorks() throws {
        let dir = try Self.folder(["requirements.txt": "torch>=2.4\nnumpy>=1.26\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        var r = try CLIRunner.run(["init", "--no-probe"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let spec = try String(contentsOf: dir.appendingPathComponent("dlenv.yaml"), encoding: .utf8)
        #expect(spec.contains("torch: \">=2.4\""))
        #expect(spec.contains("accelerator: cpu"))
        #expect(spec.contains("requirements: requirements.txt"))
        r = try CLIRunner.run(["dockerfile"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        r = try CLIRunner.run(["init", "--no-probe"], cwd: dir)
        #expect(r.status == 2, "an existing spec is not overwritten without --force")
        #expect(try CLIRunner.run(["init", "--no-probe", "--force"], cwd: dir).status == 0)
    }

    @Test func pyprojectAndDeclaredFleet() throws {
        let pyproject = """
            [project]
            name = "Vision Lab"
            requires-python = ">=3.10"
            dependencies = [
              "numpy>=1.26",
              "torchvision",
            ]
            """
        let dir = try Self.folder(["pyproject.toml": pyproject])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(
            ["init", "--stdout", "--gpu", "A100", "--gpu", "H100", "--driver", "550.54.15"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("name: vision-lab"))
        #expect(r.stdout.contains("accelerator: cu"))
        #expect(r.stdout.contains("- \"A100\""))
        #expect(r.stdout.contains("- 'numpy>=1.26'"))
        #expect(!r.stdout.contains("'torchvision'"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("dlenv.yaml").path))
    }

    @Test func targetFromAProbeReport() throws {
        let host = """
            {"os": "linux", "gpus": [{"index": 0, "name": "Tesla V100-SXM2-16GB", "compute_capability": "7.0"}],
             "driver": {"version": "470.82.01"}, "toolkits": [], "cudnn": [], "nccl": [], "container": false,
             "wsl": false, "pythons": [], "warnings": []}
            """
        let dir = try Self.folder(["host.json": host])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["init", "--stdout", "--target", "host.json"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("driver: \"470.82.01\""))
        #expect(r.stdout.contains("accelerator: cu11"), "an R470 driver runs only CUDA 11 wheels: \(r.stdout)")
    }

    @Test func probingAHostFindsItsGPUs() throws {
        // The probe module's fixture of a host with three MI300X (read from files: /sys/class/kfd).
        let root = CLIRunner.repositoryRoot.appendingPathComponent(
            "Tests/DLEnvProbeTests/Fixtures/hosts/rocm-mi300x-kfd/root")
        let dir = try Self.folder([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["init", "--stdout", "--root", root.path], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("accelerator: rocm"))
        #expect(r.stdout.contains("- \"gfx942\""))
        #expect(r.stdout.components(separatedBy: "gfx942").count == 2, "each GPU model once")
    }

    @Test func badTargetsAreUsageErrors() throws {
        let dir = try Self.folder(["host.json": "{not json"])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLIRunner.run(["init", "--target", "host.json"], cwd: dir).status == 2)
        #expect(try CLIRunner.run(["init", "--gpu", "A100\nRUN x"], cwd: dir).status == 2)
        #expect(try CLIRunner.run(["init", "--gpu", "Z9000"], cwd: dir).status == 2)
        #expect(try CLIRunner.run(["init", "--driver", "latest"], cwd: dir).status == 2)
    }
}
