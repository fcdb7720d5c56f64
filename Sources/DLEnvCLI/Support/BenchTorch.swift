import Foundation

/// Runs the torch side of the benchmark in a Python interpreter and reads its JSON.
enum BenchTorch {
    struct Run: Decodable {
        var torch: String
        var threads: Int
        var results: [String: Double]
        var version: String { torch }
    }

    static func run(python: String, quick: Bool, only: [String], timeout: Double) throws -> Run {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("torch_bench.py")
        try BenchTorchScript.source.write(to: script, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)

        let process = Process()
        if python.contains("/") {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script.path]
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [python, script.path]
        }
        process.arguments! += (quick ? ["--quick"] : []) + ["--only", only.joined(separator: ",")]
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        do {
            try process.run()
        } catch {
            throw CLIFailure.environment(
                "cannot start '\(python)': \(error.localizedDescription)",
                remedy: "pass --python with the path of an interpreter that has torch installed")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            throw CLIFailure.environment(
                "the torch benchmark in '\(python)' did not finish within \(Int(timeout)) s",
                remedy: "run with --quick, or on an idle machine")
        }
        let stdout = (try? Data(contentsOf: out)) ?? Data()
        let stderr = String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self)
        guard process.terminationStatus == 0,
            let line = String(decoding: stdout, as: UTF8.self).split(separator: "\n").last,
            let run = try? JSONDecoder().decode(Run.self, from: Data(line.utf8))
        else {
            let tail = stderr.split(separator: "\n").suffix(3).joined(separator: " | ")
            throw CLIFailure.environment(
                "the torch benchmark failed in '\(python)' (exit \(process.terminationStatus)): \(tail)",
                remedy: "check that '\(python) -c \"import torch\"' works")
        }
        return run
    }
}
