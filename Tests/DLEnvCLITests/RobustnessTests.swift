import Foundation
import Testing

/// Issue #18's reproductions on the built binary: each exits 2 (or 3 where the environment could not be
/// examined) within its bound, with a message; none traps, hangs or leaves a process behind.
@Suite struct RobustnessTests {
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-robust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func write(_ text: String, _ url: URL, executable: Bool = false) throws {
        try Data(text.utf8).write(to: url)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
    }

    static let hugeCapabilities = [
        "sm_9223372036854775808", "99999999999999999999.0", "8.99999999999999999999", "8.9.9.9",
    ]

    @Test(arguments: hugeCapabilities)
    func outOfRangeCapabilitiesOnTheCommandLineAreExit2(_ gpu: String) throws {
        for command in [
            ["resolve", "--gpu", gpu], ["check", "--gpu", gpu, "--driver", "580.65.06", "--torch", "2.5"],
        ] {
            let r = try CLIRunner.run(command)
            #expect(r.status == 2, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("out of range") && r.stderr.contains(gpu) && r.stderr.contains("--gpu"))
        }
    }

    @Test func aLongGPUTextIsRefusedAtOnce() throws {
        let started = Date()
        let r = try CLIRunner.run(["resolve", "--gpu", String(repeating: "A", count: 100_000)])
        #expect(r.status == 2)
        #expect(r.stderr.contains("at most 128 characters"))
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test func outOfRangeCapabilitiesInSpecsAndProfilesAreExit2() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = dir.appendingPathComponent("dlenv.yaml")
        try Self.write("name: demo\ntorch: \"2.5\"\ntarget:\n  gpus: [\"sm_99999999999999999999\"]\n", spec)
        for command in [["dockerfile", spec.path], ["lock", spec.path], ["check", "--spec", spec.path]] {
            let r = try CLIRunner.run(command, cwd: dir)
            #expect(r.status == 2, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("sm_99999999999999999999"))
        }
        let profile = dir.appendingPathComponent("profile.yaml")
        try Self.write("driver: 550.54\ngpus: [\"sm_99999999999999999999\"]\n", profile)
        let p = try CLIRunner.run(["check", "--profile", profile.path, "--torch", "2.5"])
        #expect(p.status == 2)
        try Self.write("driver: \"-595.-71.05\"\ngpus: [\"8.6\"]\n", profile)
        let d = try CLIRunner.run(["check", "--profile", profile.path, "--torch", "2.5"])
        #expect(d.status == 2)
        #expect(d.stderr.contains("-595.-71.05"))
    }

    @Test func savedHostReportsAreChecked() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = dir.appendingPathComponent("host.json")
        let cases: [(String, String)] = [
            (
                #"{"os":"linux","gpus":[{"index":0,"compute_capability":"99999999999999999999.0"}],"toolkits":[],"cudnn":[],"nccl":[],"container":false,"wsl":false,"pythons":[],"warnings":[]}"#,
                "gpus[0].compute_capability"
            ),
            (
                #"{"os":"linux","gpus":[],"driver":{"version":"-595.-71.05"},"toolkits":[],"cudnn":[],"nccl":[],"container":false,"wsl":false,"pythons":[],"warnings":[]}"#,
                "driver.version"
            ),
            (#"{"os":"linux","gpus":[{"index":"x"}]}"#, "gpus[0].index: expected an integer"),
        ]
        for (json, expected) in cases {
            try Self.write(json, host)
            let r = try CLIRunner.run(["check", "--host", host.path, "--torch", "2.5"])
            #expect(r.status == 2, "\(json): \(r.stderr)")
            #expect(r.stderr.contains(expected), "\(r.stderr)")
            #expect(!r.stderr.contains("DecodingError") && !r.stderr.contains("CodingKeys"))
        }
    }

    @Test func controlCharactersInGPUNamesAreEscaped() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let host = dir.appendingPathComponent("host.json")
        try Self.write(
            #"{"os":"linux","gpus":[{"index":0,"name":"\u001b[31mEVIL\u0007","compute_capability":"8.6"}],"driver":{"version":"580.65.06"},"toolkits":[],"cudnn":[],"nccl":[],"container":false,"wsl":false,"pythons":[],"warnings":[]}"#,
            host)
        let r = try CLIRunner.run(["check", "--host", host.path, "--torch", "2.5"])
        #expect(r.stdout.contains("EVIL"))
        #expect(!r.stdout.contains("\u{1B}") && !r.stdout.contains("\u{07}"))
        #expect(r.stdout.contains("\\u{1B}[31mEVIL\\u{7}"))
    }

    @Test(arguments: [
        ["verify", "--timeout", "nan"], ["verify", "--timeout", "inf"], ["verify", "--timeout=-1"],
        ["verify", "--timeout", "1e300"], ["probe", "--timeout", "1e10"], ["probe", "--python-timeout", "0"],
        ["doctor", "--tool-timeout", "nan"], ["check", "--timeout", "inf", "--torch", "2.5"],
        ["bench", "--timeout=-inf"], ["inspect", "--timeout", "nan"],
    ])
    func timeoutsOutOfRangeAreExit2(_ arguments: [String]) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains("a time limit") && r.stderr.contains("at most 86400"), "\(r.stderr)")
    }

    /// A hung interpreter, and one whose background child keeps stdout open: exit 3 within 15 s, nothing left.
    @Test(arguments: ["sleep 1000", "sleep 1000 &\nsleep 1000"])
    func aHungInterpreterIsBoundedByTheTimeout(_ body: String) throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let marker = "dlenv-robust-\(UUID().uuidString.prefix(8))"
        // The marker in the script's own name finds every process it left (pgrep -f).
        let script = dir.appendingPathComponent("\(marker).sh")
        try Self.write(
            "#!/bin/sh\n\(body.replacingOccurrences(of: "sleep 1000", with: "sleep 1000 # \(marker)"))\n", script,
            executable: true)
        let started = Date()
        let r = try CLIRunner.run([
            "verify", "--python", script.path, "--timeout", "2", "--no-store", "--workload", "init-scale", "--quick",
        ])
        let seconds = Date().timeIntervalSince(started)
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("did not finish within 2 s"))
        #expect(seconds < 15)
        #expect(try Self.processes(matching: marker).isEmpty)
    }

    /// Command lines of the processes whose command line contains `text` (from /proc, no pgrep needed).
    static func processes(matching text: String) throws -> [String] {
        let me = ProcessInfo.processInfo.processIdentifier
        var found: [String] = []
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") where Int32(entry) != nil {
            guard Int32(entry) != me, let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { continue }
            let line = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            if line.contains(text) { found.append(line) }
        }
        return found
    }

    @Test func aFIFOUnderTheRootNeverHangsTheProbe() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for path in ["proc/driver/nvidia/version", "proc/cpuinfo", "sys/module/nvidia/version"] {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            #expect(mkfifo(url.path, 0o644) == 0)
        }
        for command in [["probe"], ["check", "--torch", "2.5"]] {
            let started = Date()
            let r = try CLIRunner.run(command + ["--root", dir.path, "--no-exec"])
            #expect(Date().timeIntervalSince(started) < 15)
            #expect(r.stdout.contains("/proc/driver/nvidia/version was not read: a FIFO"), "\(command): \(r.stdout)")
            #expect(r.stdout.contains("/proc/cpuinfo was not read: a FIFO"))
        }
    }

    @Test(arguments: [
        "LambdaLR(lr_lambda=lambda e: (lambda f: f(f))(lambda f: f(f)))",
        "LambdaLR(lr_lambda=lambda e: (lambda f: f(f, 30))(lambda f, n: 1 if n < 1 else f(f, n-1) + f(f, n-1)))",
        "LambdaLR(lr_lambda=lambda e: (lambda f: f(f, 5000))(lambda f, n: 1 if n < 1 else f(f, n-1)))",
        "OneCycleLR(max_lr=0.1, epochs=9223372036854775807, steps_per_epoch=9223372036854775807)",
    ])
    func hostileSchedulesAreErrorsNotCrashes(_ expression: String) throws {
        let started = Date()
        let r = try CLIRunner.run(["schedule", expression])
        #expect(r.status == 2, "\(expression): \(r.stderr)")
        #expect(
            r.stderr.contains("RecursionError") || r.stderr.contains("operations")
                || r.stderr.contains("OverflowError"),
            "\(r.stderr)")
        #expect(Date().timeIntervalSince(started) < 15)
    }

    @Test func anAssignmentCopiedFromATrainingScriptIsAccepted() throws {
        let r = try CLIRunner.run([
            "schedule", "scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=100)",
            "--json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let plain = try CLIRunner.run(["schedule", "OneCycleLR(max_lr=0.1, total_steps=100)", "--json"])
        #expect(r.stdout == plain.stdout)
    }
}
