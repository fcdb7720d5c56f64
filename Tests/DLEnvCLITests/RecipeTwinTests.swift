import Foundation
import Testing

/// The twin that `dlenv dockerfile` embeds (a `COPY` heredoc) runs on this machine's torch and passes its check.
@Suite struct RecipeTwinTests {
    static let twinHeader = "COPY <<'PY' /opt/dlenv/dlenv_twin.py"

    static var hasTorch: Bool { CLIRunner.python3HasTorch }

    /// The heredoc's body: the lines between its `COPY <<'PY'` line and the closing `PY`.
    static func twin(in dockerfile: String) -> String? {
        let lines = dockerfile.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: twinHeader),
            let end = lines[(start + 1)...].firstIndex(of: "PY")
        else { return nil }
        return lines[(start + 1)..<end].joined(separator: "\n") + "\n"
    }

    func generate(_ example: String) throws -> String {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-twin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let r = try CLIRunner.run(["dockerfile", "examples/\(example)/dlenv.yaml", "-o", tmp.path])
        #expect(r.status == 0, "\(r.stderr)")
        return try String(contentsOf: tmp.appendingPathComponent("Dockerfile"), encoding: .utf8)
    }

    @Test func theBuildStepRunsTheImportCheckThenTheTwin() throws {
        let text = try generate("cpu-only")
        #expect(Self.twin(in: text) != nil)
        #expect(
            text.contains(
                "RUN /opt/venv/bin/python /opt/dlenv/check_image.py --build \\\n"
                    + "    && /opt/venv/bin/python /opt/dlenv/dlenv_twin.py --check\n"))
    }

    @Test func aTorchOlderThanTheTwinKeepsTheImportCheckAlone() throws {
        let text = try generate("legacy-cu101")
        #expect(Self.twin(in: text) == nil)
        #expect(text.contains(#"RUN ["/opt/venv/bin/python", "/opt/dlenv/check_image.py", "--build"]"#))
    }

    @Test(.enabled(if: hasTorch, "python3 has no torch"))
    func theEmbeddedTwinPassesItsCheckOnThisMachinesTorch() throws {
        let twin = try #require(Self.twin(in: try generate("cpu-only")))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-twin-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("dlenv_twin.py")
        try twin.write(to: file, atomically: true, encoding: .utf8)
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
