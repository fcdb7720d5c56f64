import Foundation
import Testing

/// `fleet collect` takes numbers and versions only within bounds, and never lets a GPU outside the matrix count
/// as a verified model (#19 part 6).
@Suite struct FleetCollectValidationTests {
    typealias C = FleetCollectCommandTests

    static func result(_ edit: (String) -> String = { $0 }, gpu: String = "NVIDIA H100 80GB HBM3") -> String {
        edit(C.envelope(job: "job-a", shard: 0, passed: true, gpu: gpu, driver: "550.54.15"))
    }

    @Test(arguments: [
        (
            #""shard": 0"#, #""shard": 99999999999999999999999"#,
            "'shard' is 99999999999999999999999, not a whole number ≥ 0"
        ),
        (#""exit_status": 0"#, #""exit_status": 1e308"#, "'exit_status' is 1e+308, not a whole number"),
        (#""shard": 0"#, #""shard": -1"#, "'shard' is -1, not a whole number ≥ 0"),
        (#""dlenv_fleet_result": 1"#, #""dlenv_fleet_result": 999"#, "'dlenv_fleet_result' is 999, not 1"),
    ])
    func outOfRangeValuesAreRefusedWithTheFileAndTheValue(from: String, to: String, message: String) throws {
        let dir = try C.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("r.json")
        let text = Self.result { $0.replacingOccurrences(of: from, with: to) }
        #expect(text.contains(to))
        try text.write(to: file, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("db.sqlite").path
        let r = try CLIRunner.run(["fleet", "collect", "--db", db, file.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("error: \(message)"), "\(r.stderr)")
        #expect(r.stderr.contains("--> \(file.path)"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func aGPUOutsideTheMatrixIsStoredAsUnknownAndVerifiesNothing() throws {
        let dir = try C.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("db.sqlite").path
        let unknown = dir.appendingPathComponent("unknown.json")
        try Self.result(gpu: "Acme Matrix Engine 9000").write(to: unknown, atomically: true, encoding: .utf8)
        let collect = try CLIRunner.run(["fleet", "collect", "--db", db, unknown.path])
        #expect(collect.status == 0, "\(collect.stderr)")
        #expect(
            collect.stdout.contains("a GPU the matrix does not know; stored as unknown_gpu, not counted as verified"))
        let report = try CLIRunner.run(["fleet", "report", "--db", db, "--json"])
        #expect(report.stdout.contains(#""status" : "unknown_gpu""#), "\(report.stdout)")
        let text = try CLIRunner.run(["fleet", "report", "--db", db])
        #expect(text.stdout.contains("1 on GPUs outside the matrix"))
        // resolve lists verified-on-hardware marks: none comes from an unknown GPU.
        let resolve = try CLIRunner.run(["resolve", "--torch", "==2.4.1", "--db", db, "--json"])
        #expect(resolve.status == 0, "\(resolve.stderr)")
        #expect(!resolve.stdout.contains("Acme"))
    }
}
