import DLEnvCore
import Foundation
import Testing

@testable import DLEnvRecipe

/// The local python3 and its torch (2.13.0+cpu on Python 3.11, installed by scripts/setup.sh).
enum LocalTorch {
    /// (torch version, Python major.minor) of the local python3, or nil without torch.
    static let found: (version: String, python: String)? = {
        let code = "import sys, torch; print(torch.__version__, '%d.%d' % sys.version_info[:2])"
        guard let out = try? run(["-c", code]), out.status == 0 else { return nil }
        let parts = out.output.split(separator: " ").map { String($0).trimmingSpaces }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }()

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestPython.executable] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// The image check is Python that runs inside images; here it runs against the real torch of this machine to
/// prove it passes a matching stack and fails the build on each kind of mismatch.
@Suite(.enabled(if: LocalTorch.found != nil, "needs python3 with torch"))
struct ImageCheckScriptTests {
    /// Runs the `--build` check of a CPU plan with these expectations (the local ones by default).
    func check(python: String? = nil, torch: String? = nil, variant: String = "cpu", cuda: String? = nil) throws
        -> (status: Int32, output: String)
    {
        let local = try #require(LocalTorch.found)
        let version = (torch ?? local.version).split(separator: "+").first.map(String.init) ?? local.version
        let stack = Stack(
            torch: version, python: python ?? local.python, variant: variant, cuda: cuda,
            indexURL: "https://download.pytorch.org/whl/\(variant)")
        let spec = try SpecParser.parse("name: check\n")
        let plan = RecipePlan(
            spec: spec, stack: stack,
            baseImage: BaseImageChoice(reference: "ubuntu:24.04", kind: .os, os: "ubuntu24.04", reason: "test"),
            dlenvVersion: "test")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString).py")
        try ImageCheckScript.render(plan).write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try LocalTorch.run([file.path, "--build"])
    }

    @Test func matchingStackPasses() throws {
        let r = try check()
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("ok    torch "))
        #expect(r.output.contains("ok    torch is a CPU build"))
    }

    /// One run for every mismatch (importing torch is the slow part): each is reported, and the build fails.
    @Test func everyMismatchFailsTheBuild() throws {
        let r = try check(python: "3.7", torch: "2.10.0", variant: "cu126", cuda: "12.6")
        #expect(r.status == 1, "\(r.output)")
        #expect(r.output.contains("FAIL  python"))
        #expect(r.output.contains("FAIL  torch "))
        #expect(r.output.contains("fix:  reinstall torch==2.10.0+cu126"))
        #expect(r.output.contains("FAIL  torch built for CUDA None (locked 12.6)"))
    }
}
