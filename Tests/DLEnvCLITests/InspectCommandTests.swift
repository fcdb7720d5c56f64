import Foundation
import Testing

/// `dlenv inspect` end to end on the fixture environments (Tests/DLEnvProbeTests/Fixtures/inspect, written by
/// make-inspect-fixtures.py), with the host declared so no machine fact leaks in.
@Suite struct InspectCommandTests {
    static let fixtures = CLIRunner.repositoryRoot.appendingPathComponent("Tests/DLEnvProbeTests/Fixtures/inspect")
    static let site = "/venv/lib/python3.11/site-packages"

    /// The scenario's root folder, and an environment whose LD_LIBRARY_PATH points into it.
    static func scenario(_ name: String) -> (root: String, environment: [String: String]) {
        let root = fixtures.appendingPathComponent(name).appendingPathComponent("root").path
        var env = ProcessInfo.processInfo.environment
        env["LD_LIBRARY_PATH"] = "/opt/cuda-13.0/lib64"
        env.removeValue(forKey: "LD_PRELOAD")
        return (root, env)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func firstEnvironment(_ r: CLIRunner.Result) throws -> (inspection: [String: Any], verdict: [String: Any]) {
        let j = try json(r.stdout)
        let env = try #require((j["environments"] as? [[String: Any]])?.first)
        return (try #require(env["inspection"] as? [String: Any]), try #require(env["verdict"] as? [String: Any]))
    }

    /// The done criterion on fixtures: a planted cuDNN on LD_LIBRARY_PATH shadows the wheel's (both
    /// versions named) and a torchvision built for another torch is flagged; exit 1.
    @Test func flagsShadowingAndTorchvisionForAnotherTorch() throws {
        let (root, env) = Self.scenario("torch215-runpath-shadowed")
        let r = try CLIRunner.run(
            [
                "inspect", "--root", root, "--python", "/venv/bin/python", "--driver", "580.65.06", "--gpu", "8.6",
                "--json",
            ],
            environment: env)
        #expect(r.status == 1, "\(r.stderr)")
        let (inspection, verdict) = try Self.firstEnvironment(r)
        let torch = try #require(inspection["torch"] as? [String: Any])
        #expect(torch["version"] as? String == "2.15.0+cu132" && torch["cuda"] as? String == "13.2")
        #expect(torch["arch_list"] as? [String] == ["sm_75", "sm_80", "sm_86", "sm_90", "sm_100", "sm_120"])
        let wheels = try #require(inspection["cuda_wheels"] as? [[String: Any]])
        #expect(wheels.contains { $0["library"] as? String == "cudnn" && $0["version"] as? String == "9.26.0.51" })
        #expect(wheels.contains { $0["library"] as? String == "nccl" && $0["version"] as? String == "2.30.7" })
        let findings = try #require(verdict["findings"] as? [[String: Any]])
        let details = findings.compactMap { $0["detail"] as? String }
        #expect(
            details.contains(
                "libcudnn.so.9: the loader takes /opt/cuda-13.0/lib64/libcudnn.so.9 (9.1.0, via LD_LIBRARY_PATH) before "
                    + "the wheel's \(Self.site)/nvidia/cudnn/lib/libcudnn.so.9 (9.26.0.51, nvidia-cudnn-cu13, via DT_RUNPATH)"
            ))
        #expect(details.contains("torchvision 0.28.0+cu130 requires torch==2.13.0; torch 2.15.0 is installed"))
        #expect(details.contains("xformers 0.0.33 requires torch==2.14.0; torch 2.15.0 is installed"))
        #expect(findings.contains { $0["kind"] as? String == "duplicate_wheels" })
        #expect(verdict["consistent"] as? Bool == false && verdict["runs_here"] as? Bool == true)
        let fixes = try #require(verdict["fixes"] as? [[String: Any]]).compactMap { $0["kind"] as? String }
        #expect(fixes.contains("pair_torchvision") && fixes.contains("unshadow_library"))
        #expect(fixes.contains("companion_torch") && fixes.contains("uninstall_wheels"))
    }

    @Test func humanOutputNamesTheFindingsAndFixes() throws {
        let (root, env) = Self.scenario("torch215-runpath-shadowed")
        let r = try CLIRunner.run(
            ["inspect", "--root", root, "--site-packages", Self.site, "--driver", "580.65.06", "--gpu", "8.6"],
            environment: env)
        #expect(r.status == 1)
        #expect(r.stdout.contains("torch       2.15.0+cu132 (CUDA 13.2, git d0f2af8b66, cpython-311)"))
        #expect(
            r.stdout.contains(
                "2 containers; SASS sm_75 sm_80 sm_86 sm_90 sm_100 sm_120; no PTX; a few kernels for sm_89 (1)"))
        #expect(r.stdout.contains("✗ libcudnn.so.9"))
        #expect(
            r.stdout.contains("✓ arch:GPU 0: GPU 0 (8.6) (sm_86) is in the arch list of torch 2.15.0+cu132 (sm_86)"))
        #expect(
            r.stdout.contains(
                "take /opt/cuda-13.0/lib64 off LD_LIBRARY_PATH: it holds the libcudnn.so.9, libnvJitLink.so.13 the loader "
                    + "takes first"))
        #expect(
            r.stdout.contains(
                "use torchvision 0.29.2, the release that pairs with torch 2.15.0: pip install torch==2.15.0 "
                    + "torchvision==0.29.2"))
        #expect(r.stdout.contains("NOT consistent"))
    }

    /// torch 2.15.0 as PyPI ships it (DT_RPATH and the eager preload): the planted copies are only masked.
    @Test func pypiLayoutIsConsistent() throws {
        let (root, env) = Self.scenario("torch215-pypi")
        let r = try CLIRunner.run(
            [
                "inspect", "--root", root, "--python", "/venv", "--driver", "580.65.06", "--gpu",
                "NVIDIA GeForce RTX 4090",
            ],
            environment: env)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("consistent, and runs here"))
        #expect(r.stdout.contains("torch preloads the wheels' libraries"))
        #expect(r.stdout.contains("is passed over"))
    }

    @Test func anOldDriverAndAnOldGPUFailOnTheHost() throws {
        let (root, env) = Self.scenario("torch215-pypi")
        let r = try CLIRunner.run(
            ["inspect", "--root", root, "--python", "/venv", "--driver", "535.104.05", "--gpu", "6.1", "--json"],
            environment: env)
        #expect(r.status == 1)
        let (_, verdict) = try Self.firstEnvironment(r)
        #expect(verdict["consistent"] as? Bool == true && verdict["runs_here"] as? Bool == false)
        let links = try #require(verdict["links"] as? [[String: Any]])
        #expect(links.map { $0["status"] as? String } == ["failed", "failed"])
    }

    @Test func cpuTorchNextToACUDATorchvision() throws {
        let (root, env) = Self.scenario("cpu-torch-cuda-torchvision")
        let r = try CLIRunner.run(
            ["inspect", "--root", root, "--site-packages", Self.site, "--gpu", "8.6", "--json"], environment: env)
        #expect(r.status == 1)
        let (_, verdict) = try Self.firstEnvironment(r)
        let details = try #require(verdict["findings"] as? [[String: Any]]).compactMap { $0["detail"] as? String }
        #expect(details.contains("torchvision 0.28.0+cu128 is a cu128 build; torch is a cpu build"))
        #expect(details.contains("torchaudio 2.10.0+cpu requires torch==2.10.0; torch 2.13.0+cpu is installed"))
    }

    /// Bad input: a missing folder is exit 2 with the path and a remedy; a broken environment is read with
    /// warnings, never a crash.
    @Test func missingFolderIsBadInput() throws {
        let r = try CLIRunner.run(["inspect", "--site-packages", "/nonexistent/site-packages", "--gpu", "8.6"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent/site-packages: no such folder"))
        let p = try CLIRunner.run(["inspect", "--python", "/nonexistent/bin/python", "--gpu", "8.6"])
        #expect(p.status == 2 && p.stderr.contains("no such file or folder"))
    }

    @Test func brokenEnvironmentIsReadWithWarnings() throws {
        let (root, env) = Self.scenario("broken")
        let r = try CLIRunner.run(
            ["inspect", "--root", root, "--site-packages", Self.site, "--gpu", "8.6"], environment: env)
        #expect(r.status == 1)
        #expect(r.stdout.contains("METADATA has no Version"))
        #expect(r.stdout.contains("libcudnn.so.9, needed by torch/lib/libtorch_cuda.so, is found nowhere"))
    }
}

/// `--import`: the interpreter imports torch and its answers are compared with the files'.
@Suite struct InspectImportTests {
    @Test(.enabled(if: CLIRunner.python3HasTorch)) func importAgreesWithTheFiles() throws {
        let r = try CLIRunner.run(["inspect", "--python", TestPython.executable, "--import", "--gpu", "8.6", "--json"])
        let j = try InspectCommandTests.json(r.stdout)
        let env = try #require((j["environments"] as? [[String: Any]])?.first)
        let check = try #require(env["import_check"] as? [String: Any])
        #expect(check["agrees"] as? Bool == true, "\(check)")
        let torch = try #require((check["python"] as? [String: Any])?["torch"] as? [String: Any])
        let files = try #require((env["inspection"] as? [String: Any])?["torch"] as? [String: Any])
        #expect(torch["version"] as? String == files["version"] as? String)
    }

    /// An interpreter that does not run is exit 3 (the environment could not be examined).
    @Test func anInterpreterThatDoesNotRunIsExit3() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-inspect-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Written by a child process, so no file this process holds open for writing can leak into an exec.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = [
            "-c",
            "mkdir -p \"$1/bin\" \"$1/lib/python3.11/site-packages\" && printf 'version = 3.11.9\\n' > \"$1/pyvenv.cfg\" "
                + "&& printf '#!/bin/sh\\nexit 1\\n' > \"$1/bin/python\" && chmod 755 \"$1/bin/python\"",
            "sh", dir.path,
        ]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let r = try CLIRunner.run(["inspect", "--python", dir.path + "/bin/python", "--import", "--gpu", "8.6"])
        #expect(r.status == 3, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("could not run"))
    }
}
