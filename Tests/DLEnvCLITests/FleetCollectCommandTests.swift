import Foundation
import Testing

@Suite struct FleetCollectCommandTests {
    static let plan = "examples/workspace/plan/plan.json"
    static let h100Job = "verify-torch2-4-1-cu124-py3-11-nvidia-h100-80gb-hbm3-r550"

    /// A result as the generated jobs write it: the envelope with a probe report and a verify report.
    static func envelope(job: String, shard: Int, passed: Bool, gpu: String, driver: String) -> String {
        """
        {"dlenv_fleet_result": 1, "job": "\(job)", "shard": \(shard), "exit_status": \(passed ? 0 : 1),
         "probe": {"os": "linux", "gpus": [{"index": 0, "name": "\(gpu)"}], "driver": {"version": "\(driver)"},
                   "toolkits": [], "cudnn": [], "nccl": [], "container": true, "wsl": false, "pythons": [],
                   "warnings": []},
         "verify": {"passed": \(passed), "workloads": [{"id": "schedules.step_lr", "passed": \(passed)}],
                    "environment": {"python": "3.11.9", "torch": "2.4.1+cu124", "cuda": "12.4", "device": "cuda"}}}

        """
    }

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-fleet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func collectThenReportShowsPassedFailedAndNotRun() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("dlenv.sqlite").path
        let ok = dir.appendingPathComponent("ok.json"), bad = dir.appendingPathComponent("bad.json")
        try Self.envelope(job: Self.h100Job, shard: 0, passed: true, gpu: "NVIDIA H100 80GB HBM3", driver: "550.54.15")
            .write(to: ok, atomically: true, encoding: .utf8)
        try Self.envelope(job: Self.h100Job, shard: 1, passed: false, gpu: "NVIDIA H100 80GB HBM3", driver: "550.54.15")
            .write(to: bad, atomically: true, encoding: .utf8)
        let collect = try CLIRunner.run(["fleet", "collect", "--db", db, "--plan", Self.plan, ok.path, bad.path])
        #expect(collect.status == 0, "\(collect.stderr)")
        #expect(collect.stdout.contains("shard 1: FAILED on NVIDIA H100 80GB HBM3 (driver 550.54.15)"))
        #expect(collect.stdout.hasSuffix("stored 2 of 2 results in \(db)\n"))
        let again = try CLIRunner.run(["fleet", "collect", "--db", db, "--plan", Self.plan, ok.path])
        #expect(again.stdout.contains("stored 0 of 1 results"))

        let report = try CLIRunner.run(["fleet", "report", "--db", db, "--plan", Self.plan])
        #expect(report.status == 1)
        let h100 = report.stdout.split(separator: "\n").filter {
            $0.hasPrefix("NVIDIA-H100-80GB-HBM3  550.54.15") && $0.contains("torch 2.4.1+cu124 · python 3.11")
        }
        #expect(h100.count == 1)
        #expect(h100.first?.hasSuffix("failed   2") == true, "\(h100)")
        #expect(
            report.stdout.contains(
                "failed on NVIDIA-H100-80GB-HBM3 550.54.15, torch 2.4.1+cu124 · python 3.11: schedules.step_lr"))
        #expect(report.stdout.hasSuffix("0 passed, 1 failed, 10 not run\n"))

        let json = try CLIRunner.run(["fleet", "report", "--db", db, "--plan", Self.plan, "--json"])
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(doc?["summary"] as? [String: Int] == ["passed": 0, "failed": 1, "not_run": 10])
        let html = try CLIRunner.run(["fleet", "report", "--db", db, "--html"])
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(html.stdout.contains("<span class=\"failed\">failed</span>"))
    }

    @Test func resultsThatCannotBeAttributedAreBadInput() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bare = dir.appendingPathComponent("verify.json")
        try #"{"passed": true, "workloads": []}"#.write(to: bare, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("dlenv.sqlite").path
        let r = try CLIRunner.run(["fleet", "collect", "--db", db, bare.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot tell which GPU, driver or stack produced this result"))
        let junk = dir.appendingPathComponent("junk.json")
        try "[1, 2]".write(to: junk, atomically: true, encoding: .utf8)
        let j = try CLIRunner.run([
            "fleet", "collect", "--db", db, "--gpu", "Tesla T4", "--driver", "470.82.01", junk.path,
        ])
        #expect(j.status == 2)
        #expect(j.stderr.contains("not a JSON object"))
    }

    @Test func emptyReportSaysHowToCollect() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["fleet", "report", "--db", dir.appendingPathComponent("db.sqlite").path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("no fleet results yet"))
    }
}
