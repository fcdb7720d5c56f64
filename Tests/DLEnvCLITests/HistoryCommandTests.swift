import DLEnvCore
import DLEnvStore
import Foundation
import Testing

/// ±8 % relative jitter around 1 from a fixed linear congruential sequence: the same noise on every run.
func jitterSequence(seed: UInt32) -> AnyIterator<Double> {
    var state = seed
    return AnyIterator {
        state = state &* 1_664_525 &+ 1_013_904_223
        return 1 + 0.08 * (Double(state) / 4_294_967_296 * 2 - 1)
    }
}

/// A temporary folder for one test.
func historyScratch() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-history-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Writes an export of `count` bench runs with `results` figures each (values from `value(run)`).
func writeExport(
    to file: URL, count: Int, results: Int = 20, offset: Double = 0, value: (Int) -> Double = { _ in 100 }
) throws {
    let host = HostIdentity(fingerprint: "00000000000000aa", cpuModel: "Test CPU", gpus: [], driver: nil)
    let runs = (0..<count).map { i in
        RunRecord(
            kind: .bench, startedAt: Date(timeIntervalSince1970: 1_790_000_000 + offset + Double(i)), host: host,
            dlenvVersion: "0.1.0",
            results: (0..<results).map { ResultRecord(name: "figure_\($0)", value: value(i), unit: "GFLOP/s") })
    }
    try JSONEncoder().encode(runs).write(to: file)
}

/// A bench run as `dlenv bench` stores it, with the settings that key a series.
func seriesRun(
    _ i: Int, torch: String = "2.13.0+cpu", quick: Bool = false, threads: Int = 2, _ values: [String: Double]
) -> RunRecord {
    RunRecord(
        kind: .bench, startedAt: Date(timeIntervalSince1970: 1_790_000_000 + Double(i) * 60),
        host: HostIdentity(fingerprint: "00000000000000bb", cpuModel: "Test CPU", gpus: [], driver: nil),
        dlenvVersion: "0.1.0",
        environment: RunEnvironment(
            python: "3.11.7", torch: torch, device: "cpu", blasThreads: threads, torchThreads: threads),
        quick: quick,
        results: values.keys.sorted().map { ResultRecord(name: $0, value: values[$0]!, unit: "GFLOP/s") })
}

@Suite struct HistoryCommandTests {
    @Test func fourConcurrentWriterProcessesLoseNoRow() throws {
        let dir = try historyScratch()
        let db = dir.appendingPathComponent("fresh/dlenv.sqlite").path
        var processes: [Process] = []
        for p in 0..<4 {
            let file = dir.appendingPathComponent("export-\(p).json")
            try writeExport(to: file, count: 25, offset: Double(p * 1000))
            let process = Process()
            process.executableURL = CLIRunner.executable
            // All four start on a database that does not exist yet, so they also race to create and migrate it.
            process.arguments = ["history", "--import", file.path, "--db", db]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            processes.append(process)
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0, 0, 0])
        let counts = try Store(path: db).counts()
        #expect(counts.runs == 100)
        #expect(counts.results == 2000)
        #expect(counts.hosts == 1)
    }

    @Test func showsTrendsAndFlagsARegressionWithExitOne() throws {
        let dir = try historyScratch()
        let db = dir.appendingPathComponent("h.sqlite").path
        let file = dir.appendingPathComponent("runs.json")
        // Six steady runs at 100, then one at 85: 15 % slower than the median of the five before.
        try writeExport(to: file, count: 7, results: 2) { $0 == 6 ? 85 : 100 }
        #expect(try CLIRunner.run(["history", "--import", file.path, "--db", db]).status == 0)
        let text = try CLIRunner.run(["history", "--db", db])
        #expect(text.status == 1)
        #expect(text.stdout.contains("host 00000000000000aa"))
        #expect(text.stdout.contains("REGRESSION"))
        #expect(text.stdout.contains("-15.0 %"))
        let json = try CLIRunner.run(["history", "--json", "--db", db])
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect((object["regressions"] as! [String]) == ["00000000000000aa/figure_0", "00000000000000aa/figure_1"])
        let hosts = object["hosts"] as! [[String: Any]]
        let trend = (hosts[0]["trends"] as! [[String: Any]])[0]
        #expect(trend["baseline_median"] as? Double == 100)
        #expect(trend["regression"] as? Bool == true)
    }

    /// What flagged six regressions minutes after set-up: two torch builds, quick and full runs, and two thread
    /// counts in one database, all with ±8 % noise. None of it is a regression; a 30 % slowdown in one series is.
    @Test func seriesDoNotMixNoiseIsNotFlaggedAndAPlantedSlowdownExitsOne() throws {
        let dir = try historyScratch()
        let db = dir.appendingPathComponent("h.sqlite").path
        var runs: [RunRecord] = []
        var noise = jitterSequence(seed: 7)
        for i in 0..<10 {
            // Per round: torch 2.13.0+cpu full (2 threads), torch 2.15.0+cu132 full, a quick run, a 1-thread run.
            let n = { noise.next()! }
            runs.append(seriesRun(4 * i, ["sgemm_256": 100 * n(), "torch/sgemm_256": 120 * n()]))
            runs.append(
                seriesRun(4 * i + 1, torch: "2.15.0+cu132", ["sgemm_256": 100 * n(), "torch/sgemm_256": 60 * n()]))
            runs.append(seriesRun(4 * i + 2, quick: true, ["sgemm_256": 40 * n(), "torch/sgemm_256": 50 * n()]))
            runs.append(seriesRun(4 * i + 3, threads: 1, ["sgemm_256": 55 * n(), "torch/sgemm_256": 65 * n()]))
        }
        let file = dir.appendingPathComponent("runs.json")
        try JSONEncoder().encode(runs).write(to: file)
        #expect(try CLIRunner.run(["history", "--import", file.path, "--db", db]).status == 0)
        let quiet = try CLIRunner.run(["history", "--db", db])
        #expect(quiet.status == 0, "\(quiet.stdout)")
        #expect(!quiet.stdout.contains("REGRESSION"))
        #expect(quiet.stdout.contains("series: dlenv 0.1.0 · torch 2.13.0+cpu · cpu · full · 2 threads"))
        #expect(quiet.stdout.contains("series: dlenv 0.1.0 · torch 2.15.0+cu132 · cpu · full · 2 threads"))
        #expect(quiet.stdout.contains("series: dlenv 0.1.0 · torch 2.13.0+cpu · cpu · quick · 2 threads"))
        #expect(quiet.stdout.contains("series: dlenv 0.1.0 · torch 2.13.0+cpu · cpu · full · 1 thread"))
        #expect(quiet.stdout.contains("no regressions"))

        // The next torch 2.15.0+cu132 run is 30 % slower in torch's sgemm_256; every other figure is as before.
        let slow = dir.appendingPathComponent("slow.json")
        try JSONEncoder().encode([
            seriesRun(40, torch: "2.15.0+cu132", ["sgemm_256": 100, "torch/sgemm_256": 42])
        ]).write(to: slow)
        #expect(try CLIRunner.run(["history", "--import", slow.path, "--db", db]).status == 0)
        let flagged = try CLIRunner.run(["history", "--db", db])
        #expect(flagged.status == 1)
        #expect(flagged.stdout.components(separatedBy: "REGRESSION").count == 2, "\(flagged.stdout)")
        #expect(flagged.stdout.contains("1 regression(s)"))
        let json = try CLIRunner.run(["history", "--json", "--db", db])
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect(object["regressions"] as? [String] == ["00000000000000bb/torch/sgemm_256"])
        let trends = (object["hosts"] as! [[String: Any]])[0]["trends"] as! [[String: Any]]
        #expect(trends.count == 8)
        let hit = trends.filter { $0["regression"] as? Bool == true }
        #expect(hit.count == 1)
        #expect((hit.first?["series"] as? [String: Any])?["torch"] as? String == "2.15.0+cu132")
        #expect(hit.first?["verdict"] as? String == "regression")
        #expect(hit.first?["baseline_runs"] as? Int == 10)
        #expect((hit.first?["threshold"] as? Double ?? 1) < 0.3)
        let rule = object["rule"] as? [String: Any]
        #expect(rule?["floor"] as? Double == 0.05 && rule?["spread_factor"] as? Double == 3)
    }

    @Test func fewerThanThreeRunsAreNotEnoughAndNeverARegression() throws {
        let dir = try historyScratch()
        let db = dir.appendingPathComponent("h.sqlite").path
        let file = dir.appendingPathComponent("runs.json")
        try JSONEncoder().encode([seriesRun(0, ["sgemm_256": 100]), seriesRun(1, ["sgemm_256": 50])]).write(to: file)
        #expect(try CLIRunner.run(["history", "--import", file.path, "--db", db]).status == 0)
        let r = try CLIRunner.run(["history", "--db", db])
        #expect(r.status == 0)
        #expect(r.stdout.contains("not enough runs"))
        #expect(r.stdout.contains("-50.0 %"))
    }

    @Test func helpStatesTheRuleAndTheExitCode() throws {
        let r = try CLIRunner.run(["history", "--help"])
        #expect(r.status == 0)
        let text = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for phrase in [
            "max(5 %, 3 x s)", "s = 1.4826 x median(|x - m|) / m", "(up to) 10 runs", "fewer than 3 runs",
            "\"not enough runs\"", "torch's threads for torch/... figures", "Exit 1 when",
        ] {
            #expect(text.contains(phrase), "--help lacks \(phrase)")
        }
    }

    @Test func anEmptyHistorySaysHowToStartOne() throws {
        let db = try historyScratch().appendingPathComponent("empty.sqlite").path
        let r = try CLIRunner.run(["history", "--db", db])
        #expect(r.status == 0)
        #expect(r.stdout.contains("no runs stored yet"))
        // A read-only command: the missing database is not created.
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func xdgDataHomeChoosesTheDefaultPath() throws {
        let dir = try historyScratch()
        let r = try CLIRunner.run(
            ["history", "--json"], environment: ["XDG_DATA_HOME": dir.path, "HOME": dir.path])
        #expect(r.status == 0)
        #expect(r.stdout.contains(dir.path + "/dlenv/dlenv.sqlite"))
        // history only reads: neither the folder nor the database is created.
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/dlenv"))
    }

    @Test func aCorruptDatabaseExitsThreeWithTheFixAndTheImportIsNotLost() throws {
        let dir = try historyScratch()
        let db = dir.appendingPathComponent("broken.sqlite")
        try Data(repeating: 0x13, count: 4096).write(to: db)
        let r = try CLIRunner.run(["history", "--db", db.path])
        #expect(r.status == 3)
        #expect(r.stderr.contains("damaged or not a SQLite file"))
        #expect(r.stderr.contains("mv \(db.path)"))
        let file = dir.appendingPathComponent("runs.json")
        try writeExport(to: file, count: 1)
        let imported = try CLIRunner.run(["history", "--import", file.path, "--db", db.path])
        #expect(imported.status == 3)
        #expect(FileManager.default.fileExists(atPath: file.path))
    }

    @Test func aDatabaseLockedByAnotherProcessExitsThree() throws {
        let dir = try historyScratch()
        let db = dir.appendingPathComponent("locked.sqlite").path
        let file = dir.appendingPathComponent("runs.json")
        try writeExport(to: file, count: 1)
        #expect(try CLIRunner.run(["history", "--import", file.path, "--db", db]).status == 0)
        // python3's sqlite3 holds the write lock until the test ends it (a minute at most, even on a loaded machine).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            TestPython.executable, "-c",
            "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); "
                + "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(60)",
            db,
        ]
        let pipe = Pipe()
        holder.standardOutput = pipe
        try holder.run()
        _ = pipe.fileHandleForReading.availableData  // waits for "locked"
        var env = ProcessInfo.processInfo.environment
        env["DLENV_STORE_TIMEOUT"] = "0.3"
        let r = try CLIRunner.run(["history", "--import", file.path, "--db", db], environment: env)
        // SIGKILL: a child started by Foundation may inherit a mask that blocks SIGTERM.
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        #expect(r.status == 3)
        #expect(r.stderr.contains("stayed locked by another process"))
    }

    @Test func aFileThatIsNotAnExportIsBadInput() throws {
        let dir = try historyScratch()
        let file = dir.appendingPathComponent("nonsense.json")
        try Data("{\"kind\": \"bench\"}".utf8).write(to: file)
        let r = try CLIRunner.run([
            "history", "--import", file.path, "--db", dir.appendingPathComponent("x.sqlite").path,
        ])
        #expect(r.status == 2)
        #expect(r.stderr.contains("is not a dlenv run export"))
    }
}
