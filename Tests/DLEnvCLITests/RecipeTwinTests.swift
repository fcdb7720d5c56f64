import Foundation
import Testing

/// The twin that `dlenv dockerfile` writes beside the Dockerfile (`.dlenv/verify.py`, copied in and run by the
/// build step) runs on this machine's torch and passes its check.
@Suite struct RecipeTwinTests {
    static var hasTorch: Bool { CLIRunner.python3HasTorch }

    /// The output folder of `dlenv dockerfile examples/<example>/dlenv.yaml`; the caller removes it.
    func generate(_ example: String) throws -> URL {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-twin-\(UUID().uuidString)")
        let r = try CLIRunner.run(["dockerfile", "examples/\(example)/dlenv.yaml", "-o", tmp.path])
        #expect(r.status == 0, "\(r.stderr)")
        return tmp
    }

    func text(_ dir: URL, _ path: String) -> String? {
        try? String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func theBuildStepCopiesInAndRunsTheImportCheckThenTheTwin() throws {
        let dir = try generate("cpu-only")
        defer { try? FileManager.default.removeItem(at: dir) }
        let dockerfile = try #require(text(dir, "Dockerfile"))
        #expect(text(dir, ".dlenv/verify.py")?.hasPrefix("#!/usr/bin/env python3\n") == true)
        #expect(dockerfile.contains("COPY .dlenv/check_image.py .dlenv/verify.py /opt/dlenv/\n"))
        #expect(
            dockerfile.contains(
                "RUN /opt/venv/bin/python /opt/dlenv/check_image.py --build \\\n"
                    + "    && /opt/venv/bin/python /opt/dlenv/verify.py --check\n"))
    }

    @Test func aTorchOlderThanTheTwinKeepsTheImportCheckAlone() throws {
        let dir = try generate("legacy-cu101")
        defer { try? FileManager.default.removeItem(at: dir) }
        let dockerfile = try #require(text(dir, "Dockerfile"))
        #expect(text(dir, ".dlenv/verify.py") == nil)
        #expect(dockerfile.contains("COPY .dlenv/check_image.py /opt/dlenv/\n"))
        #expect(dockerfile.contains(#"RUN ["/opt/venv/bin/python", "/opt/dlenv/check_image.py", "--build"]"#))
    }

    /// Runs the very file `dlenv dockerfile` wrote, as the build step does.
    @Test(.enabled(if: hasTorch, "python3 has no torch"))
    func theWrittenTwinPassesItsCheckOnThisMachinesTorch() throws {
        let dir = try generate("cpu-only")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(".dlenv/verify.py")
        #expect(FileManager.default.fileExists(atPath: file.path))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [TestPython.executable, file.path, "--check"]
        let err = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        p.waitUntilExit()
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        #expect(p.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("dlenv twin check: passed"), "\(stderr)")
    }
}
