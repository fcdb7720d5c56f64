import Foundation
import Testing

/// Files a user names are read with a bound and never block (issue #18 part 4, docs/limits.md): a spec over 1 MiB,
/// a matrix file over 16 MiB, a FIFO as a saved host report are bad input naming the file and the bound.
@Suite struct InputSizeLimitTests {
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aSpecOverOneMiBIsRefused() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = dir.appendingPathComponent("dlenv.yaml")
        let padding = String(repeating: "# padding to make the spec large\n", count: 40_000)
        try ("torch: \"2.4\"\n" + padding).write(to: spec, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["lock", spec.path, "--stdout"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("was not read: larger than 1 MiB") && r.stderr.contains(spec.path))
    }

    @Test func aHugeMatrixFileIsRefusedNotLoaded() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gpus = dir.appendingPathComponent("gpus.yaml")
        FileManager.default.createFile(atPath: gpus.path, contents: Data(count: (16 << 20) + 1))
        let r = try CLIRunner.run(["matrix", "validate", dir.path])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("gpus.yaml was not read: larger than 16 MiB"))
    }

    @Test func aFIFOAsAHostReportDoesNotHang() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("host.json").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let started = Date()
        let r = try CLIRunner.run(["check", "--host", fifo, "--torch", "2.4"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("was not read: a FIFO, not a regular file"))
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
