import DLEnvCore
import Foundation
import Testing

/// `FileSetWriter`: all files or none, on a real temporary folder.
@Suite struct FileSetWriterTests {
    static func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func entries(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    @Test func writesEveryFileAndCreatesMissingFolders() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileSetWriter.write([
            .init(path: "\(dir)/a.txt", text: "A\n"), .init(path: "\(dir)/sub/deeper/b.txt", text: "B\n"),
        ])
        #expect(Self.read("\(dir)/a.txt") == "A\n")
        #expect(Self.read("\(dir)/sub/deeper/b.txt") == "B\n")
        // No temporary or backup file is left beside them.
        #expect(Self.entries(dir) == ["a.txt", "sub"])
    }

    @Test func aFolderInTheWayWritesNothingAndKeepsTheOldFiles() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "OLD".write(toFile: "\(dir)/Dockerfile", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "\(dir)/.dockerignore", withIntermediateDirectories: true)
        #expect {
            try FileSetWriter.write([
                .init(path: "\(dir)/Dockerfile", text: "NEW"), .init(path: "\(dir)/.dockerignore", text: "x"),
            ])
        } throws: { error in
            let failure = error as? FileSetWriter.Failure
            return failure?.kind == .badTarget && failure?.path == "\(dir)/.dockerignore"
                && failure?.description.contains("it is a folder") == true
        }
        #expect(Self.read("\(dir)/Dockerfile") == "OLD")
        #expect(Self.entries(dir) == [".dockerignore", "Dockerfile"])
    }

    @Test func aFailureWhileWritingTheTemporariesLeavesNoTraceAndNoNewFolder() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "OLD".write(toFile: "\(dir)/first", atomically: true, encoding: .utf8)
        try "a file".write(toFile: "\(dir)/blocker", atomically: true, encoding: .utf8)
        // The second file's folder would have to be created inside a file: that fails after the first temporary
        // was written.
        #expect(throws: FileSetWriter.Failure.self) {
            try FileSetWriter.write([
                .init(path: "\(dir)/first", text: "NEW"), .init(path: "\(dir)/new/x", text: "x"),
                .init(path: "\(dir)/blocker/y", text: "y"),
            ])
        }
        #expect(Self.read("\(dir)/first") == "OLD")
        #expect(Self.entries(dir) == ["blocker", "first"])
    }

    @Test func theSamePathTwiceIsRefusedBeforeAnythingIsWritten() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect {
            try FileSetWriter.write([
                .init(path: "\(dir)/p/Dockerfile", text: "1"), .init(path: "\(dir)/q/../p/./Dockerfile", text: "2"),
            ])
        } throws: { error in
            (error as? FileSetWriter.Failure)?.detail == "it is the same file as \(dir)/p/Dockerfile, written twice"
        }
        #expect(Self.entries(dir).isEmpty)
    }

    @Test func aSymbolicLinkIsWrittenThroughAndALoopIsRefused() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "OLD".write(toFile: "\(dir)/real", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/link", withDestinationPath: "real")
        try FileSetWriter.write([.init(path: "\(dir)/link", text: "NEW")])
        #expect(Self.read("\(dir)/real") == "NEW")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/link") == "real")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/l1", withDestinationPath: "l2")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/l2", withDestinationPath: "l1")
        #expect {
            try FileSetWriter.write([.init(path: "\(dir)/l1", text: "x")])
        } throws: { error in
            (error as? FileSetWriter.Failure)?.detail == "it is a loop of symbolic links"
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/l1") == "l2")
    }

    @Test func aReplacedFileKeepsItsPermissions() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/run.sh"
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: path)
        try FileSetWriter.write([.init(path: path, text: "new")])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o750)
        #expect(Self.read(path) == "new")
    }
}
