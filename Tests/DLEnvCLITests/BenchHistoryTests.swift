import Foundation
import Testing

/// `dlenv bench` records each run in the history database, and `dlenv history` reads it back.
@Suite struct BenchHistoryTests {
    @Test func benchRunIsStoredAndShownByHistory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("h.sqlite").path

        let bench = try CLIRunner.run(["bench", "--quick", "--only", "tiny_mlp_step", "--db", db])
        #expect(bench.status == 0, "\(bench.stderr)")
        let history = try CLIRunner.run(["history", "--db", db, "--json"])
        #expect(history.status == 0, "\(history.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any]
        let hosts = object?["hosts"] as? [[String: Any]] ?? []
        let runs = hosts.first?["runs"] as? [[String: Any]] ?? []
        #expect(runs.count == 1)
        #expect(runs.first?["kind"] as? String == "bench")
        #expect(history.stdout.contains("tiny_mlp_step"))

        let skipped = try CLIRunner.run(["bench", "--quick", "--only", "tiny_mlp_step", "--db", db, "--no-store"])
        #expect(skipped.status == 0)
        let after = try CLIRunner.run(["history", "--db", db, "--json"])
        let runsAfter =
            ((try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])?["hosts"]
            as? [[String: Any]])?.first?["runs"] as? [[String: Any]]
        #expect(runsAfter?.count == 1, "--no-store must not add a run")
    }
}
