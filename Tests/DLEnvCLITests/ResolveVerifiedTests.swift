import Foundation
import Testing

/// `dlenv resolve` marks the stacks that `dlenv fleet collect` stored as verified on hardware.
@Suite struct ResolveVerifiedTests {
    @Test func collectedStackIsMarkedVerified() throws {
        let dir = try FleetCollectCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("dlenv.sqlite").path
        let ok = dir.appendingPathComponent("ok.json")
        try FleetCollectCommandTests.envelope(
            job: FleetCollectCommandTests.h100Job, shard: 0, passed: true, gpu: "NVIDIA H100 80GB HBM3",
            driver: "550.54.15"
        ).write(to: ok, atomically: true, encoding: .utf8)
        let collect = try CLIRunner.run([
            "fleet", "collect", "--db", db, "--plan", FleetCollectCommandTests.plan, ok.path,
        ])
        #expect(collect.status == 0, "\(collect.stderr)")

        let args = [
            "resolve", "--torch", "==2.4.1", "--python", "3.11", "--accelerator", "cu124", "--driver", "550.54.15",
            "--gpu", "NVIDIA H100 80GB HBM3", "--db", db,
        ]
        let text = try CLIRunner.run(args)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Verified on hardware"))
        #expect(text.stdout.contains("NVIDIA H100 80GB HBM3 (driver 550.54.15) passed"))

        let json = try CLIRunner.run(args + ["--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let stacks = object?["stacks"] as? [[String: Any]] ?? []
        let marks = stacks.first?["verified_on"] as? [[String: Any]] ?? []
        #expect(marks.first?["gpu"] as? String == "NVIDIA H100 80GB HBM3")
        #expect(marks.first?["passed"] as? Bool == true)

        let matrix = try CLIRunner.run(["matrix", "torch", "2.4.1", "--db", db])
        #expect(matrix.stdout.contains("verified on hardware"))
        #expect(
            matrix.stdout.contains("torch 2.4.1+cu124 · python 3.11: NVIDIA H100 80GB HBM3 (driver 550.54.15) passed"))
        let matrixJSON = try CLIRunner.run(["matrix", "torch", "2.4.1", "--db", db, "--json"])
        let info = try JSONSerialization.jsonObject(with: Data(matrixJSON.stdout.utf8)) as? [String: Any]
        let hw = info?["verified_on_hardware"] as? [[String: Any]] ?? []
        #expect(hw.first?["stack"] as? String == "torch 2.4.1+cu124 · python 3.11")

        // Another stack on the same host was never collected: no mark.
        var other = args
        other[2] = "==2.4.0"
        let unmarked = try CLIRunner.run(other)
        #expect(!unmarked.stdout.contains("Verified on hardware"))
    }

    @Test func namedDatabaseThatDoesNotExistIsBadInput() throws {
        let r = try CLIRunner.run(["resolve", "--db", "/nonexistent/dlenv.sqlite"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no history database at /nonexistent/dlenv.sqlite"))
    }

    @Test func theUsualStoreIsReadAfterFleetCollect() throws {
        let dir = try FleetCollectCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var env = ProcessInfo.processInfo.environment
        env["XDG_DATA_HOME"] = dir.path
        let args = [
            "resolve", "--torch", "==2.4.1", "--python", "3.11", "--accelerator", "cu124", "--driver", "550.54.15",
            "--gpu", "NVIDIA H100 80GB HBM3",
        ]
        // A store with bench runs only: no marks.
        let bench = try CLIRunner.run(["bench", "--quick", "--only", "tiny_mlp_step"], environment: env)
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(!(try CLIRunner.run(args, environment: env)).stdout.contains("Verified on hardware"))

        let ok = dir.appendingPathComponent("ok.json")
        try FleetCollectCommandTests.envelope(
            job: FleetCollectCommandTests.h100Job, shard: 0, passed: true, gpu: "NVIDIA H100 80GB HBM3",
            driver: "550.54.15"
        ).write(to: ok, atomically: true, encoding: .utf8)
        let collect = try CLIRunner.run(
            ["fleet", "collect", "--plan", FleetCollectCommandTests.plan, ok.path], environment: env)
        #expect(collect.status == 0, "\(collect.stderr)")
        let marked = try CLIRunner.run(args, environment: env)
        #expect(marked.stdout.contains("NVIDIA H100 80GB HBM3 (driver 550.54.15) passed"), "\(marked.stdout)")
    }
}
