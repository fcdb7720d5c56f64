import DLEnvWorkloads
import Foundation

/// Writes the twin script to a temporary file and runs it in an interpreter with a timeout.
enum VerifyTwinRunner {
    struct Options {
        var python: String
        var device: String
        var quick: Bool
        var workloads: [String]
        var timeout: Double
    }

    /// Runs the twin; every way it can fail to produce figures is a `CLIFailure` with exit 3.
    static func run(script: String, _ options: Options) throws -> TwinOutput {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-twin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("dlenv_twin.py")
        try Data(script.utf8).write(to: file)
        var arguments = [file.path, "--device", options.device]
        if options.quick { arguments.append("--quick") }
        for w in options.workloads { arguments += ["--workload", w] }

        let process = Process()
        if options.python.contains("/") {
            process.executableURL = URL(fileURLWithPath: options.python)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [options.python] + arguments
        }
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CLIFailure.environment(
                "cannot start the interpreter '\(options.python)': \(error.localizedDescription)",
                remedy: "pass --python with the path of a Python that has torch (e.g. .venv/bin/python)")
        }
        let deadline = Date().addingTimeInterval(options.timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            Thread.sleep(forTimeInterval: 0.5)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw CLIFailure.environment(
                "the torch twin did not finish within \(Int(options.timeout)) s in '\(options.python)'",
                remedy: "raise --timeout, or run fewer workloads (--workload ID, --quick)")
        }
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        let status = process.terminationStatus
        if status == 127 || (status != 0 && stdout.isEmpty && stderr.contains("No such file")) {
            throw CLIFailure.environment(
                "the interpreter '\(options.python)' would not start (exit \(status)): \(stderr.suffix(300))",
                remedy: "pass --python with the path of a Python that has torch (e.g. .venv/bin/python)")
        }
        let twin: TwinOutput
        do {
            twin = try TwinOutput(parsing: stdout)
        } catch {
            throw CLIFailure.environment(
                "the torch twin in '\(options.python)' exited \(status) without results: "
                    + String(stderr.trimmingCharacters(in: .whitespacesAndNewlines).suffix(400)),
                remedy: "run it by hand to see the error: dlenv verify --emit-twin twin.py && \(options.python) twin.py"
            )
        }
        if let error = twin.error {
            let remedy =
                error.contains("import torch")
                ? "install torch in that environment (pip install torch) or pass another --python"
                : error.contains("cuda") ? "use --device cpu, or an environment whose torch sees the GPU" : nil
            throw CLIFailure.environment("the torch twin in '\(options.python)' failed: \(error)", remedy: remedy)
        }
        return twin
    }
}
