import DLEnvCore
import Foundation

/// Where the text to explain comes from, and the one place this module reads input: arguments, a file (a large
/// one from its end), or standard input (up to the limit), always in bounded chunks.
public enum LogInput: Sendable, Hashable {
    case text(String)
    case file(String)
    case standardInput

    /// "the command line", "build.log", "standard input".
    public var label: String {
        switch self {
        case .text: "the command line"
        case .file(let path): path
        case .standardInput: "standard input"
        }
    }
}

/// What was read of the input.
public struct InputSummary: Sendable, Hashable, Encodable {
    public var source: String
    /// The file's size (nil for standard input and text).
    public var totalBytes: Int?
    public var bytesRead: Int
    /// Bytes skipped at the start of a file larger than the limit (line numbers count from there).
    public var skippedBytes: Int
    public var lines: Int
    public var longLines: Int
    /// Standard input went on past the limit and was not read further.
    public var stoppedAtLimit: Bool

    enum CodingKeys: String, CodingKey {
        case source, lines
        case totalBytes = "total_bytes"
        case bytesRead = "bytes_read"
        case skippedBytes = "skipped_bytes"
        case longLines = "long_lines"
        case stoppedAtLimit = "stopped_at_limit"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(totalBytes, forKey: .totalBytes)
        try c.encode(bytesRead, forKey: .bytesRead)
        try c.encode(skippedBytes, forKey: .skippedBytes)
        try c.encode(lines, forKey: .lines)
        try c.encode(longLines, forKey: .longLines)
        try c.encode(stoppedAtLimit, forKey: .stoppedAtLimit)
    }
}

/// Why the input cannot be explained (the CLI exits 2 with the diagnostic).
public enum InputError: Error, Sendable, Hashable {
    case noInput
    case empty(source: String)
    case binary(source: String, BinarySniff)
    case unreadable(path: String, reason: String)

    public var diagnostic: Diagnostic {
        switch self {
        case .noInput:
            return Diagnostic(
                .error, "nothing to explain",
                remedy: "pass the error text as arguments, --file LOG, or - to read standard input")
        case .empty(let source):
            return Diagnostic(
                .error, "\(source) holds no text", at: SourceLocation(file: source),
                remedy: "pass the log that holds the error (or the error message itself)")
        case .binary(let source, let s):
            let share = s.sampled == 0 ? 0 : Int((Double(s.suspicious) * 100 / Double(s.sampled)).rounded())
            return Diagnostic(
                .error,
                "\(source) is not text: \(share)% of its first \(s.sampled) bytes are control bytes or not UTF-8"
                    + (s.nul > 0 ? " (\(s.nul) NUL bytes)" : ""),
                at: SourceLocation(file: source),
                remedy: "pass the text log (a core dump or a binary holds no error message dlenv can read)")
        case .unreadable(let path, let reason):
            return Diagnostic(
                .error, "cannot read '\(path)': \(reason)", at: SourceLocation(file: path),
                remedy: "pass a readable log file, or - and pipe the log in")
        }
    }
}

extension LogInput {
    /// Reads and scans the input in chunks; throws for input that holds nothing to explain.
    public func scan(catalogue: FailureCatalogue, limits: ScanLimits = .standard) throws(InputError) -> (
        ScanResult, InputSummary
    ) {
        let chunkSize = 1 << 20
        var scanner: LogScanner
        var total: Int?
        var skipped = 0
        switch self {
        case .text(let text):
            scanner = LogScanner(catalogue: catalogue, limits: limits)
            var bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { _ = scanner.feed($0) }
            bytes = []
        case .file(let path):
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .unreadable(path: path, reason: "no such file")
            }
            guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a directory") }
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw .unreadable(path: path, reason: "permission denied")
            }
            defer { try? handle.close() }
            let size = (try? handle.seekToEnd()).map(Int.init)
            total = size
            // The end of a large log holds the error: read its last maxBytes, from the first whole line.
            if let size, size > limits.maxBytes {
                skipped = size - limits.maxBytes
            }
            do { try handle.seek(toOffset: UInt64(skipped)) } catch {
                throw .unreadable(path: path, reason: "cannot seek: \(error.localizedDescription)")
            }
            scanner = LogScanner(catalogue: catalogue, limits: limits, skipFirstLine: skipped > 0)
            try Self.pump(handle, into: &scanner, chunkSize: chunkSize, path: path)
        case .standardInput:
            scanner = LogScanner(catalogue: catalogue, limits: limits)
            try Self.pump(FileHandle.standardInput, into: &scanner, chunkSize: chunkSize, path: "standard input")
        }
        let result = scanner.finish()
        let summary = InputSummary(
            source: label, totalBytes: total, bytesRead: result.bytesScanned, skippedBytes: skipped,
            lines: result.lines, longLines: result.longLines, stoppedAtLimit: result.stoppedAtLimit)
        if let sniff = result.binary { throw .binary(source: label, sniff) }
        if !result.sawText { throw .empty(source: label) }
        return (result, summary)
    }

    static func pump(_ handle: FileHandle, into scanner: inout LogScanner, chunkSize: Int, path: String)
        throws(InputError)
    {
        while scanner.wantsMore {
            let data: Data
            do {
                guard let d = try handle.read(upToCount: chunkSize), !d.isEmpty else { return }
                data = d
            } catch {
                throw .unreadable(path: path, reason: error.localizedDescription)
            }
            data.withUnsafeBytes { raw in
                _ = scanner.feed(raw.bindMemory(to: UInt8.self))
            }
        }
    }
}
