import DLEnvProcess
import Foundation

/// The torch side of the benchmark: one `torch_bench.py --serve` process for a whole `dlenv bench` run, so
/// `import torch` (seconds) is paid once however many rounds run. Requests and answers are JSON lines over pipes
/// (`DLEnvProcess.LineProcess`: each answer is awaited at most `timeout` seconds, then the server's process group
/// is killed).
public final class BenchTorch {
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

    /// The interpreter, as given.
    public let python: String
    /// torch's version and thread count, from the server's first line.
    public private(set) var version = "?"
    public private(set) var threads = 0
    private let timeout: Double
    private let server: LineProcess
    private let dir: URL
    private var closed = false

    /// Starts the server and waits until torch is imported, so its start never overlaps a dlenv measurement.
    /// `timeout` bounds the start and each answer.
    public init(python: String, quick: Bool, timeout: Double) throws(BenchError) {
        self.python = python
        self.timeout = timeout
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-bench-\(UUID().uuidString)")
        let script = dir.appendingPathComponent("torch_bench.py")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try BenchTorchScript.source.write(to: script, atomically: true, encoding: .utf8)
        } catch {
            throw .cannotStart(python: python, reason: "cannot write \(script.path): \(error.localizedDescription)")
        }
        let interpreter = python.contains("/") ? [python] : ["/usr/bin/env", python]
        do throws(ProcessError) {
            server = try LineProcess(interpreter + [script.path, "--serve"] + (quick ? ["--quick"] : []))
        } catch {
            try? FileManager.default.removeItem(at: dir)
            let reason: String
            if case .cannotStart(_, let why) = error { reason = why } else { reason = error.description }
            throw .cannotStart(python: python, reason: reason)
        }
        let header: Header
        do throws(BenchError) {
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
            throw .torchUnavailable(python: python, error: error)
        }
        version = header.torch ?? "?"
        threads = header.threads ?? 0
    }

    deinit { close() }

    /// torch's rate for one benchmark (nil when torch reports none).
    public func measure(_ name: String) throws(BenchError) -> Double? {
        guard !closed else { throw .alreadyStopped(python: python) }
        do throws(ProcessError) {
            try server.send(name, timeout: timeout)
        } catch {
            throw failure(error)
        }
        guard let line = try readJSONLine(), let answer = try? JSONDecoder().decode(Answer.self, from: Data(line.utf8))
        else { throw failure() }
        if let error = answer.error { throw .benchmarkFailed(name: name, python: python, error: error) }
        return answer.value.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Ends the server: end of input, then a few seconds' grace before its process group is killed.
    public func close() {
        guard !closed else { return }
        closed = true
        server.close(grace: 5)
        try? FileManager.default.removeItem(at: dir)
    }

    /// The next line of the server's stdout that is a JSON object (a library that prints to stdout while torch
    /// imports must not break the protocol), within `timeout` seconds in all; nil at end of output.
    private func readJSONLine() throws(BenchError) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let line: String?
            do throws(ProcessError) {
                line = try server.readLine(timeout: max(0, deadline.timeIntervalSinceNow))
            } catch {
                throw failure(error)
            }
            guard let line else { return nil }
            if line.hasPrefix("{") { return line }
        }
    }

    /// The error for a server that stopped answering (it has been stopped and its files removed): no answer
    /// in time, or its exit status and the end of its stderr.
    private func failure(_ error: ProcessError? = nil) -> BenchError {
        closed = true
        let termination = server.close(grace: 5)
        try? FileManager.default.removeItem(at: dir)
        if case .timedOut = error { return .noAnswer(python: python, seconds: timeout) }
        let tail = server.stderr.split(separator: "\n").suffix(3).joined(separator: " | ")
        return .serverStopped(python: python, status: termination.code, stderrTail: tail)
    }
}
