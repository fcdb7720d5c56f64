import DLEnvCore
import Foundation
import Testing

@testable import DLEnvExplain

/// Binary junk, empty input, text with nothing known, huge logs and huge lines: a clear error or a bounded scan.
@Suite struct BadInputTests {
    @Test func binaryJunkIsRefused() throws {
        let error = #expect(throws: InputError.self) {
            _ = try LogInput.file(ExplainFixtures.path("junk.bin")).scan(catalogue: ExplainFixtures.catalogue)
        }
        guard case .binary(_, let sniff) = try #require(error) else {
            Issue.record("not refused as binary: \(String(describing: error))")
            return
        }
        #expect(sniff.sampled == 8192 && sniff.nul > 0)
        #expect(InputError.binary(source: "x", sniff).diagnostic.message.contains("is not text"))
    }

    @Test func emptyAndBlankInputsAreRefused() {
        #expect(throws: InputError.empty(source: ExplainFixtures.path("empty.log"))) {
            _ = try LogInput.file(ExplainFixtures.path("empty.log")).scan(catalogue: ExplainFixtures.catalogue)
        }
        #expect(throws: InputError.empty(source: "the command line")) {
            _ = try LogInput.text("  \n\t\n").scan(catalogue: ExplainFixtures.catalogue)
        }
    }

    @Test func missingFilesAndDirectoriesAreRefused() {
        #expect(throws: InputError.unreadable(path: "/nonexistent/log", reason: "no such file")) {
            _ = try LogInput.file("/nonexistent/log").scan(catalogue: ExplainFixtures.catalogue)
        }
        #expect(throws: InputError.unreadable(path: ExplainFixtures.path("threads"), reason: "it is a directory")) {
            _ = try LogInput.file(ExplainFixtures.path("threads")).scan(catalogue: ExplainFixtures.catalogue)
        }
    }

    @Test func textWithNothingKnownIsNotRecognised() throws {
        let e = try ExplainFixtures.explain(text: "Traceback (most recent call last):\nValueError: bad shape (3, 4)")
        #expect(!e.recognised && e.input.lines == 2)
    }

    /// A log larger than the limit is read from its end (where the error is), in bounded memory: only the last
    /// maxBytes are scanned, and the partial first line is dropped.
    @Test func largeLogIsReadFromItsEnd() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-explain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("big.log")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        // An error near the start (outside the window) and one at the end.
        try handle.write(
            contentsOf: Data("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 8.00 GiB total capacity\n".utf8))
        let noise = Data(String(repeating: "Epoch 3/50  step 120/900  loss=0.4312  lr=1.0e-04\n", count: 20_000).utf8)
        for _ in 0..<10 { try handle.write(contentsOf: noise) }
        try handle.write(
            contentsOf: Data("RuntimeError: The NVIDIA driver on your system is too old (found version 11040).\n".utf8))
        try handle.close()
        let limits = ScanLimits(maxBytes: 4 << 20)
        let (scan, summary) = try LogInput.file(url.path).scan(catalogue: ExplainFixtures.catalogue, limits: limits)
        #expect(summary.bytesRead <= 4 << 20 && summary.skippedBytes > 0 && summary.totalBytes! > 8 << 20)
        let ids = scan.hits.map { ExplainFixtures.catalogue.entries[$0.entry].id }
        #expect(ids == ["driver-too-old"])
    }

    /// Standard input (or any stream) stops at the limit.
    @Test func streamStopsAtTheLimit() {
        var scanner = LogScanner(catalogue: ExplainFixtures.catalogue, limits: ScanLimits(maxBytes: 1 << 20))
        let chunk = Array(String(repeating: "INFO step done\n", count: 10_000).utf8)
        var fed = 0
        while scanner.wantsMore, fed < 100 {
            chunk.withUnsafeBufferPointer { _ = scanner.feed($0) }
            fed += 1
        }
        let r = scanner.finish()
        #expect(r.stoppedAtLimit && r.bytesScanned == 1 << 20 && fed < 100)
    }

    /// One enormous line (no newline at all) is matched in pieces: bounded memory, the error inside still found.
    @Test func enormousLineIsMatchedInPieces() throws {
        var text = String(repeating: "x", count: 300_000)
        text += " Failed to initialize NVML: Driver/library version mismatch "
        text += String(repeating: "y", count: 300_000)
        let e = try ExplainFixtures.explain(text: text)
        #expect(e.matches.map(\.id) == ["nvml-mismatch"])
        #expect(e.input.longLines == 1 && e.input.lines == 1)
        #expect(e.matches[0].evidence[0].text.count <= 301)
    }

    /// A full 64 MiB scan of ordinary lines finishes in bounded time.
    @Test func fullWindowScanIsBounded() throws {
        var scanner = LogScanner(catalogue: ExplainFixtures.catalogue)
        let chunk = Array(
            String(
                repeating: "2024-03-01 12:00:01 INFO dataloader: worker 3 loaded batch 1200 in 0.031 s\n", count: 13_000
            ).utf8)
        let start = Date()
        while scanner.wantsMore { chunk.withUnsafeBufferPointer { _ = scanner.feed($0) } }
        let r = scanner.finish()
        let seconds = Date().timeIntervalSince(start)
        #expect(r.stoppedAtLimit && r.bytesScanned == 64 << 20)
        #expect(seconds < 30, "64 MiB took \(seconds) s")
        print("explain: 64 MiB of log lines scanned in \(String(format: "%.1f", seconds)) s (debug build)")
    }
}
