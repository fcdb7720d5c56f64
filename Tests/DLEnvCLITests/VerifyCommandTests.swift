import Foundation
import Testing

@testable import DLEnvCLI

@Suite struct VerifyCommandTests {
    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func jsonHasTheDocumentedKeysAndTheRunIsStored() throws {
        let db = try scratch().appendingPathComponent("v.sqlite").path
        let r = try CLIRunner.run([
            "verify", "--quick", "--json", "--workload", "dtypes", "--workload", "gemm", "--db", db,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(o["passed"] as? Bool == true)
        let env = o["environment"] as! [String: Any]
        #expect(Set(env.keys) == ["python", "torch", "cuda", "cudnn", "device"])
        let items = o["workloads"] as! [[String: Any]]
        #expect(items.map { $0["id"] as! String } == ["dtypes", "gemm"])
        for item in items {
            #expect(item["comparison"] is NSNull)
            #expect(item["figures"] is [String: Any])
            #expect(item["passed"] as? Bool == true)
        }
        let history = try CLIRunner.run(["history", "--json", "--db", db])
        #expect(history.stdout.contains("\"kind\" : \"verify\""))
    }

    @Test func unknownWorkloadIsBadInputWithASuggestion() throws {
        let r = try CLIRunner.run(["verify", "--workload", "gem", "--no-store"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("did you mean 'gemm'"))
    }

    @Test func anInterpreterThatDoesNotExistExitsThree() throws {
        let r = try CLIRunner.run(["verify", "--workload", "dtypes", "--python", "/nonexistent/python", "--no-store"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("cannot start the interpreter"))
    }

    @Test func anInterpreterWithoutTorchExitsThreeAndSaysSo() throws {
        let dir = try scratch()
        let fake = dir.appendingPathComponent("python-without-torch")
        // -S: no site-packages, so `import torch` fails the way it does in a bare environment.
        try Data("#!/bin/sh\nexec python3 -S \"$@\"\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let r = try CLIRunner.run(["verify", "--workload", "dtypes", "--python", fake.path, "--no-store"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("cannot import torch"))
        #expect(r.stderr.contains("pip install torch"))
    }

    @Test func emitTwinWritesARunnableScript() throws {
        let file = try scratch().appendingPathComponent("twin.py")
        let r = try CLIRunner.run(["verify", "--emit-twin", file.path])
        #expect(r.status == 0)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasPrefix("#!/usr/bin/env python3"))
        #expect(text.contains("def gradient_descent"))
    }

    @Test func aTwinWithTheCoresFiguresChecksAnEnvironmentAlone() throws {
        let dir = try scratch()
        let file = dir.appendingPathComponent("twin.py")
        let r = try CLIRunner.run(["verify", "--emit-twin", file.path, "--with-expected", "--quick"])
        #expect(r.status == 0)
        func check(_ script: URL) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [TestPython.executable, script.path, "--check", "--workload", "dtypes"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        #expect(try check(file) == 0)
        // The same script with one expected figure changed must fail its check.
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("\"float16/65520_is_inf\":1"))
        let tampered = dir.appendingPathComponent("tampered.py")
        try Data(text.replacingOccurrences(of: "\"float16/65520_is_inf\":1", with: "\"float16/65520_is_inf\":0").utf8)
            .write(to: tampered)
        #expect(try check(tampered) == 1)
    }

    /// The point of the twin: every workload on the core agrees with real torch (torch 2.13 CPU here and in CI).
    @Test func everyWorkloadAgreesWithTorch() throws {
        let r = try CLIRunner.run(["verify", "--quick", "--json", "--python", TestPython.executable, "--no-store"])
        #expect(r.status == 0, "\(r.stdout.suffix(3000))\n\(r.stderr)")
        let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let env = o["environment"] as! [String: Any]
        #expect((env["torch"] as? String)?.isEmpty == false)
        for item in o["workloads"] as! [[String: Any]] {
            let comparison = item["comparison"] as? [String: Any]
            #expect(comparison?["passed"] as? Bool == true, "\(item["id"]!): \(comparison ?? [:])")
            #expect((comparison?["figures"] as? [Any])?.isEmpty == false)
        }
    }

    @Test func aCorruptDatabaseKeepsTheResultsInAFileAndExitsThree() throws {
        let dir = try scratch()
        let db = dir.appendingPathComponent("broken.sqlite")
        try Data(repeating: 0x21, count: 4096).write(to: db)
        let r = try CLIRunner.run(["verify", "--quick", "--workload", "dtypes", "--db", db.path])
        #expect(r.status == 3)
        #expect(r.stdout.contains("dtypes"))
        #expect(r.stderr.contains("the results above were not stored"))
        let saved = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("unsaved").path)
        #expect(saved.count == 1)
        // Once the database is fixed the saved run imports.
        try FileManager.default.removeItem(at: db)
        let file = dir.appendingPathComponent("unsaved").appendingPathComponent(saved[0]).path
        let imported = try CLIRunner.run(["history", "--import", file, "--db", db.path])
        #expect(imported.status == 0)
        #expect(imported.stdout.contains("stored 1 runs"))
    }
}
