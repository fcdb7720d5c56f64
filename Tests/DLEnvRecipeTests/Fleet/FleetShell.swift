import Foundation

/// Runs generated shell text through the real shells of this machine.
enum FleetShell {
    struct Output {
        var status: Int32
        var stdout: String
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-fleet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws
        -> Output
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        return Output(status: process.terminationStatus, stdout: try String(contentsOf: outURL, encoding: .utf8))
    }

    /// `bash -n` (or `sh -n`): parses without running.
    static func syntaxOK(_ text: String, shell: String = "/bin/bash") throws -> Bool {
        try run(shell, ["-n", "-c", text]).status == 0
    }

    /// Runs a verify script with `dlenv` replaced by a stand-in that prints a failed verify report and a
    /// probe report and exits as `dlenv verify` does on a failed workload.
    static func runWithFakeDLEnv(_ script: String) throws -> Output {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fake = """
            #!/bin/sh
            if [ "$1" = verify ]; then echo '{"passed": false, "workloads": []}'; exit 1; fi
            echo '{"os": "linux", "gpus": []}'

            """
        let path = dir.appendingPathComponent("dlenv")
        try fake.write(to: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path.path)
        let env = ["PATH": "\(dir.path):/usr/bin:/bin", "TMPDIR": dir.path]
        return try run("/bin/sh", ["-c", script], environment: env)
    }
}
