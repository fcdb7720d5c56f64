import Foundation
import Testing

@Suite struct FleetCollectCommandTests {
    static let plan = "examples/workspace/plan/plan.json"
    static let h100Job = "verify-torch2-4-1-cu124-py3-11-nvidia-h100-80gb-hbm3-r550"

    /// A result as the generated jobs write it: the envelope with a probe report and a verify report.
    static func envelope(job: String, shard: Int, passed: Bool, gpu: String, driver: String) -> String {
        envelope(
            job: job, shard: shard, passed: passed, gpus: [gpu], driver: driver, torch: "2.4.1+cu124", cuda: "12.4",
            device: "cuda")
    }

    /// The envelope with the probe's GPUs and driver (nil: none found) and the verify report's environment.
    static func envelope(
        job: String, shard: Int, passed: Bool, gpus: [String], driver: String?, torch: String, cuda: String?,
        device: String
    ) -> String {
        let gpuList = gpus.enumerated().map { #"{"index": \#($0.offset), "name": "\#($0.element)"}"# }
        let driverJSON = driver.map { #"{"version": "\#($0)"}"# } ?? "null"
        let cudaJSON = cuda.map { #""\#($0)""# } ?? "null"
        return """
            {"dlenv_fleet_result": 1, "job": "\(job)", "shard": \(shard), "exit_status": \(passed ? 0 : 1),
             "probe": {"os": "linux", "gpus": [\(gpuList.joined(separator: ", "))], "driver": \(driverJSON),
                       "toolkits": [], "cudnn": [], "nccl": [], "container": true, "wsl": false, "pythons": [],
                       "warnings": []},
             "verify": {"passed": \(passed), "workloads": [{"id": "schedules.step_lr", "passed": \(passed)}],
                        "environment": {"python": "3.11.9", "torch": "\(torch)", "cuda": \(cudaJSON), "device": "\(device)"}}}

            """
    }

    /// What was seen: a CPU run of torch 2.13.0+cpu on a host without GPUs, sent under the H100 job's name.
    static func mislabelledCPURun(shard: Int = 0) -> String {
        envelope(
            job: h100Job, shard: shard, passed: true, gpus: [], driver: nil, torch: "2.13.0+cpu", cuda: nil,
            device: "cpu")
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
        #expect(doc?["summary"] as? [String: Int] == ["passed": 0, "failed": 1, "mismatch": 0, "not_run": 10])
        // --html FILE takes a path, as `dlenv report --html FILE` does; - prints the page.
        let page = dir.appendingPathComponent("fleet.html").path
        let written = try CLIRunner.run(["fleet", "report", "--db", db, "--html", page])
        #expect(written.stdout == "wrote the fleet report to \(page)\n")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<span class=\"failed\">failed</span>"))
        #expect(try CLIRunner.run(["fleet", "report", "--db", db, "--html", "-"]).stdout == html)
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

    /// A CPU run of torch 2.13.0+cpu collected under an H100 job is a mismatch: collect says so, the report
    /// shows it, and `resolve --db` does not count it as verified on hardware. An honest result still is.
    @Test func aMislabelledCPURunIsAMismatchAndNotVerifiedOnHardware() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("dlenv.sqlite").path
        let cpu = dir.appendingPathComponent("cpu.json")
        try Self.mislabelledCPURun().write(to: cpu, atomically: true, encoding: .utf8)
        let collect = try CLIRunner.run(["fleet", "collect", "--db", db, "--plan", Self.plan, cpu.path])
        #expect(collect.status == 0, "\(collect.stderr)")
        #expect(!collect.stdout.contains("passed on"))
        #expect(collect.stdout.contains("\(Self.h100Job) shard 0: MISMATCH"))
        for line in [
            "  gpu: claimed NVIDIA H100 80GB HBM3, observed none", "  driver: claimed 550.54.15, observed none",
            "  torch: claimed 2.4.1+cu124, observed 2.13.0+cpu", "  device: claimed cuda, observed cpu",
        ] {
            #expect(collect.stdout.contains(line + "\n"), "no '\(line)' in \(collect.stdout)")
        }
        #expect(collect.stdout.contains("stored as mismatches, not as verified"))

        let resolveArgs = [
            "resolve", "--torch", "==2.4.1", "--python", "3.11", "--accelerator", "cu124", "--driver", "550.54.15",
            "--gpu", "NVIDIA H100 80GB HBM3", "--db", db,
        ]
        let unverified = try CLIRunner.run(resolveArgs)
        #expect(unverified.status == 0, "\(unverified.stderr)")
        #expect(!unverified.stdout.contains("Verified on hardware"), "\(unverified.stdout)")
        let unverifiedJSON = try CLIRunner.run(resolveArgs + ["--json"])
        let stacks =
            (try JSONSerialization.jsonObject(with: Data(unverifiedJSON.stdout.utf8)) as? [String: Any])?["stacks"]
            as? [[String: Any]] ?? []
        #expect(stacks.allSatisfy { ($0["verified_on"] as? [Any] ?? []).isEmpty })
        #expect(
            !(try CLIRunner.run(["matrix", "torch", "2.4.1", "--db", db])).stdout.contains(
                "NVIDIA H100 80GB HBM3 (driver"))

        let report = try CLIRunner.run(["fleet", "report", "--db", db, "--plan", Self.plan])
        #expect(report.status == 1)
        #expect(
            report.stdout.contains(
                "mismatch on NVIDIA-H100-80GB-HBM3 550.54.15, torch 2.4.1+cu124 · python 3.11: gpu: claimed NVIDIA H100 80GB HBM3, observed none"
            ))
        #expect(report.stdout.hasSuffix("0 passed, 0 failed, 1 mismatched, 10 not run\n"))
        let reportJSON = try CLIRunner.run(["fleet", "report", "--db", db, "--plan", Self.plan, "--json"])
        let doc = try JSONSerialization.jsonObject(with: Data(reportJSON.stdout.utf8)) as? [String: Any]
        let row = (doc?["rows"] as? [[String: Any]] ?? []).first { $0["status"] as? String == "mismatch" }
        let fields = (row?["mismatches"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        #expect(fields == ["gpu", "driver", "torch", "device"])

        // The honest result of the same job, collected as JSON: passed, and now verified on hardware.
        let ok = dir.appendingPathComponent("ok.json")
        try Self.envelope(job: Self.h100Job, shard: 1, passed: true, gpu: "NVIDIA H100 80GB HBM3", driver: "550.54.15")
            .write(to: ok, atomically: true, encoding: .utf8)
        let honest = try CLIRunner.run(["fleet", "collect", "--db", db, "--plan", Self.plan, "--json", ok.path])
        #expect(honest.status == 0, "\(honest.stderr)")
        let collected = try JSONSerialization.jsonObject(with: Data(honest.stdout.utf8)) as? [String: Any]
        let result = (collected?["results"] as? [[String: Any]])?.first
        #expect(result?["status"] as? String == "passed")
        #expect((result?["mismatches"] as? [Any])?.isEmpty == true)
        #expect(collected?["stored"] as? Int == 1)
        let verified = try CLIRunner.run(resolveArgs)
        #expect(verified.stdout.contains("Verified on hardware"))
        #expect(verified.stdout.contains("NVIDIA H100 80GB HBM3 (driver 550.54.15) passed"))

        // The mismatch as JSON from collect names both sides.
        let again = try CLIRunner.run(["fleet", "collect", "--db", db, "--plan", Self.plan, "--json", cpu.path])
        let mismatch =
            ((try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])?["results"]
            as? [[String: Any]])?.first
        #expect(mismatch?["status"] as? String == "mismatch")
        let device = (mismatch?["mismatches"] as? [[String: Any]])?.first { $0["field"] as? String == "device" }
        #expect(device?["claimed"] as? String == "cuda" && device?["observed"] as? String == "cpu")
    }

    /// Result files come from outside: too large, not JSON, or a job name that is a path are bad input (exit 2)
    /// with the file, what is wrong and the fix, and nothing is written: no database, no file named after a job.
    @Test func oversizedJunkAndPathLikeJobNamesAreRefusedAndNothingIsWritten() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("store/dlenv.sqlite").path

        let big = dir.appendingPathComponent("big.json")
        var padding = Data("{\"pad\": \"".utf8)
        padding.append(Data(repeating: UInt8(ascii: "x"), count: 17 << 20))
        padding.append(Data("\"}".utf8))
        try padding.write(to: big)
        let junk = dir.appendingPathComponent("junk.json")
        try "{\"dlenv_fleet_result\": 1, \"job\": ".write(to: junk, atomically: true, encoding: .utf8)
        let evil = dir.appendingPathComponent("evil.json")
        let escape = "../../../\(dir.lastPathComponent)-escaped"
        try Self.envelope(job: escape, shard: 0, passed: true, gpu: "NVIDIA H100 80GB HBM3", driver: "550.54.15")
            .write(to: evil, atomically: true, encoding: .utf8)
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()

        let cases: [(URL, [String])] = [
            (big, ["is 17.0 MiB, larger than any fleet result (at most 16.0 MiB)", "split a log"]),
            (junk, ["not valid JSON", "one fleet job printed"]),
            (evil, ["the job name '\(escape)' looks like a path", "DNS-1123 label", "never a path"]),
        ]
        for (file, phrases) in cases {
            let r = try CLIRunner.run(["fleet", "collect", "--db", db, "--plan", Self.plan, file.path])
            #expect(r.status == 2, "\(file.lastPathComponent): \(r.stdout)")
            #expect(r.stderr.contains(file.path), "\(r.stderr)")
            for phrase in phrases { #expect(r.stderr.contains(phrase), "no '\(phrase)' in \(r.stderr)") }
        }
        // All three at once: every problem is named, and still nothing is stored.
        let all = try CLIRunner.run(["fleet", "collect", "--db", db, big.path, junk.path, evil.path])
        #expect(all.status == 2)
        #expect(all.stderr.contains(big.path) && all.stderr.contains(junk.path) && all.stderr.contains(evil.path))
        #expect(!FileManager.default.fileExists(atPath: db))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == before)
        let escaped = dir.deletingLastPathComponent().appendingPathComponent("\(dir.lastPathComponent)-escaped")
        #expect(!FileManager.default.fileExists(atPath: escaped.path))
        // A folder is not a result file either.
        let folder = try CLIRunner.run(["fleet", "collect", "--db", db, dir.path])
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("is a folder"))
    }

    @Test func emptyReportSaysHowToCollect() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["fleet", "report", "--db", dir.appendingPathComponent("db.sqlite").path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("no fleet results yet"))
    }
}
