import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The torch side of the benchmark: one `torch_bench.py --serve` process for a whole `dlenv bench` run, so
/// `import torch` (seconds) is paid once however many rounds run. Requests and answers are JSON lines over pipes.
final class BenchTorch {
    /// The first line the server prints, once torch is imported (or why it could not be).
    struct Header: Decodable {
        var torch: String?
        var threads: Int?
        var error: String?
    }

    /// The answer to one benchmark name.
    struct Answer: Decodable {
        var name: String
        var value: Double?
        var error: String?
    }

    let python: String
    /// torch's version and thread count, from the server's first line.
    private(set) var version = "?"
    private(set) var threads = 0
    private let timeout: Double
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let dir: URL
    private var buffer = Data()
    private var closed = false

    /// Starts the server and waits until torch is imported, so its start never overlaps a dlenv measurement.
    /// `timeout` bounds the start and each answer.
    init(python: String, quick: Bool, timeout: Double) throws {
        self.python = python
        self.timeout = timeout
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let script = dir.appendingPathComponent("torch_bench.py")
        try BenchTorchScript.source.write(to: script, atomically: true, encoding: .utf8)
        let err = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)

        if python.contains("/") {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script.path]
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [python, script.path]
        }
        process.arguments! += ["--serve"] + (quick ? ["--quick"] : [])
        process.standardInput = input
        process.standardOutput = output
        // A file, not a pipe: a chatty stderr can never block the server while dlenv waits on stdout.
        let errHandle = try FileHandle(forWritingTo: err)
        defer { try? errHandle.close() }
        process.standardError = errHandle
        // A server that died must surface as an error on the next request, not kill dlenv with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(at: dir)
            throw CLIFailure.environment(
                "cannot start '\(python)': \(error.localizedDescription)",
                remedy: "pass --python with the path of an interpreter that has torch installed")
        }
        var header = Header()
        do {
            guard let line = try readJSONLine(),
                let decoded = try? JSONDecoder().decode(Header.self, from: Data(line.utf8))
            else { throw failure() }
            header = decoded
        } catch {
            close()
            throw error
        }
        if let error = header.error {
            close()
            throw CLIFailure.environment(
                "the torch benchmark in '\(python)' failed: \(error)",
                remedy: "install torch in that environment (pip install torch) or pass another --python")
        }
        version = header.torch ?? "?"
        threads = header.threads ?? 0
    }

    deinit { close() }

    /// torch's rate for one benchmark (nil when torch reports none).
    func measure(_ name: String) throws -> Double? {
        guard !closed else {
            throw CLIFailure.environment("the torch benchmark in '\(python)' has already stopped")
        }
        let request = Data((name + "\n").utf8), fd = input.fileHandleForWriting.fileDescriptor
        let written = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == request.count else { throw failure() }
        guard let line = try readJSONLine(), let answer = try? JSONDecoder().decode(Answer.self, from: Data(line.utf8))
        else { throw failure() }
        if let error = answer.error {
            throw CLIFailure.environment(
                "the torch benchmark '\(name)' failed in '\(python)': \(error)",
                remedy: "run it by hand: dlenv bench --emit-torch-script b.py && \(python) b.py --only \(name)")
        }
        return answer.value.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Ends the server: end of input, then a few seconds' grace before it is killed.
    func close() {
        guard !closed else { return }
        closed = true
        stop(grace: 5)
        try? FileManager.default.removeItem(at: dir)
    }

    /// Closes the server's stdin (it exits at end of input) and kills it if it is still running after `grace`
    /// seconds. SIGKILL, not SIGTERM: a test runner or a shell may leave SIGTERM blocked in the child.
    private func stop(grace: Double) {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The next line of the server's stdout that is a JSON object (a library that prints to stdout while torch
    /// imports must not break the protocol); nil at end of output.
    private func readJSONLine() throws -> String? {
        while let line = try readLine() {
            if line.hasPrefix("{") { return line }
        }
        return nil
    }

    /// The next line of the server's stdout; nil at end of output. Throws after `timeout` seconds.
    private func readLine() throws -> String? {
        let fd = output.fileHandleForReading.fileDescriptor
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer = Data(buffer[(newline + 1)...])
                return line
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else {
                stop(grace: 0)
                throw CLIFailure.environment(
                    "the torch benchmark in '\(python)' did not answer within \(Int(timeout)) s",
                    remedy: "run with --quick, or on an idle machine")
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(min(left * 1000, 1000)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// The error for a server that stopped answering: its exit status and the end of its stderr.
    private func failure() -> CLIFailure {
        closed = true
        stop(grace: 5)
        let stderr = String(
            decoding: (try? Data(contentsOf: dir.appendingPathComponent("err"))) ?? Data(), as: UTF8.self)
        try? FileManager.default.removeItem(at: dir)
        let tail = stderr.split(separator: "\n").suffix(3).joined(separator: " | ")
        return CLIFailure.environment(
            "the torch benchmark failed in '\(python)' (exit \(process.terminationStatus)): \(tail)",
            remedy: "check that '\(python) -c \"import torch\"' works")
    }
}
