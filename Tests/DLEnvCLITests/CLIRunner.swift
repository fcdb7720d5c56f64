import Foundation
import Testing

/// Runs the built `dlenv` executable (a sibling of the test bundle in the build folder) and captures its output.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Whether `python3` here imports torch (CI installs torch CPU; elsewhere the torch tests are skipped).
    static let python3HasTorch: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [TestPython.executable, "-c", "import torch"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    static var executable: URL {
        // .build/<triple>/debug/dlenvPackageTests.xctest → .build/<triple>/debug/dlenv
        let bundle = Bundle.main.bundleURL
        let candidates = [
            bundle.appendingPathComponent("dlenv"), bundle.deletingLastPathComponent().appendingPathComponent("dlenv"),
        ]
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) { return c }
        for b in Bundle.allBundles {
            let c = b.bundleURL.deletingLastPathComponent().appendingPathComponent("dlenv")
            if FileManager.default.isExecutableFile(atPath: c.path) { return c }
        }
        return candidates[1]
    }

    /// The repository root (for matrices/, examples/, dockerfiles/).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func run(_ arguments: [String], environment: [String: String]? = nil, cwd: URL? = nil, stdin: String? = nil)
        throws -> Result
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.currentDirectoryURL = cwd ?? repositoryRoot
        // Files rather than pipes: a large output can never block the child, and no reader thread is needed.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
