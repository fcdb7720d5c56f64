import Foundation
import Testing

/// `doctor` and `check` show the environments' verdicts read from their files (issue #14).
@Suite struct InspectIntegrationTests {
    /// doctor reads the environment without importing torch: the shadowed cuDNN and the torchvision built for
    /// another torch make it unhealthy, with the fixes listed.
    @Test func doctorUsesInspect() throws {
        let (root, env) = InspectCommandTests.scenario("torch215-runpath-shadowed")
        let r = try CLIRunner.run(
            ["doctor", "--root", root, "--python", "/venv/bin/python", "--no-path-pythons", "--no-verify", "--json"],
            environment: env)
        #expect(r.status == 1, "\(r.stderr)")
        let j = try InspectCommandTests.json(r.stdout)
        #expect(j["healthy"] as? Bool == false)
        let envs = try #require(j["environments"] as? [[String: Any]])
        #expect(envs.first?["torch"] as? String == "2.15.0+cu132" && envs.first?["consistent"] as? Bool == false)
        // The fixes are typed, each naming the environment it is for.
        let fixes = try #require(j["fixes"] as? [[String: Any]])
        let kinds = fixes.compactMap { ($0["fix"] as? [String: Any])?["kind"] as? String }
        #expect(kinds.contains("unshadow_library") && kinds.contains("pair_torchvision"))
        #expect(fixes.allSatisfy { $0["environment"] as? String == "/venv/bin/python" })
        let pair = fixes.compactMap { $0["fix"] as? [String: Any] }.first {
            $0["kind"] as? String == "pair_torchvision"
        }
        #expect(pair?["torchvision"] as? String == "0.29.2")
        let installed = try #require(j["installed"] as? [[String: Any]])
        #expect(installed.first?["python"] as? String == "/venv/bin/python")

        let text = try CLIRunner.run(
            ["doctor", "--root", root, "--python", "/venv/bin/python", "--no-path-pythons", "--no-verify"],
            environment: env)
        #expect(text.stdout.contains("== environments (read from their files: dlenv inspect)"))
        #expect(text.stdout.contains("torch 2.15.0+cu132 (read from its files, not imported)"))
        #expect(text.stdout.contains("libcudnn.so.9: the loader takes /opt/cuda-13.0/lib64/libcudnn.so.9"))
        #expect(text.stdout.contains("use torchvision 0.29.2"))
    }

    @Test func checkShowsTheEnvironments() throws {
        let (root, env) = InspectCommandTests.scenario("torch215-pypi")
        let r = try CLIRunner.run(
            ["check", "--root", root, "--interpreter", "/venv/bin/python", "--torch", "2.15.0", "--json"],
            environment: env)
        let j = try InspectCommandTests.json(r.stdout)
        let envs = try #require(j["environments"] as? [[String: Any]])
        #expect(envs.count == 1 && envs.first?["consistent"] as? Bool == true)
        let findings = try #require(envs.first?["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["kind"] as? String == "masked_library" })
    }
}
