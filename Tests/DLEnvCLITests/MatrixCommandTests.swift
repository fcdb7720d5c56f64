import Foundation
import Testing

/// `dlenv matrix`: exit codes and the JSON keys other tools rely on, run through the built binary.
@Suite struct MatrixCommandTests {
    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test func torchJSONKeys() throws {
        let r = try CLIRunner.run(["matrix", "torch", "2.4.1", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try json(r.stdout) as? [String: Any])
        for key in ["version", "released", "python", "torchvision", "torchaudio", "variants"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        #expect(object["version"] as? String == "2.4.1")
        #expect(object["torchvision"] as? String == "0.19.1")
        let variants = try #require(object["variants"] as? [[String: Any]])
        let cu121 = try #require(variants.first { $0["name"] as? String == "cu121" })
        for key in ["name", "cuda", "rocm", "cudnn", "nccl", "arch", "index_url", "default"] {
            #expect(cu121.keys.contains(key), "variant lacks \(key)")
        }
        #expect(cu121["default"] as? Bool == true)
        #expect(cu121["cuda"] as? String == "12.1")
        #expect((cu121["arch"] as? [String])?.contains("sm_90") == true)
        let cpu = try #require(variants.first { $0["name"] as? String == "cpu" })
        #expect(cpu["cuda"] is NSNull)
    }

    @Test func cudaJSONKeysAndMinorMeansGA() throws {
        let r = try CLIRunner.run(["matrix", "cuda", "12.4", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try json(r.stdout) as? [String: Any])
        #expect(object["version"] as? String == "12.4.0")
        let own = try #require(object["min_driver"] as? [String: Any])
        #expect(own["linux"] as? String == "550.54.14")
        #expect(own["windows"] as? String == "551.61")
        let minor = try #require(object["minor_version_min_driver"] as? [String: Any])
        #expect(minor["linux"] as? String == "525.60.13")
        #expect((object["compute_capabilities"] as? [String])?.contains("9.0") == true)
        let update = try CLIRunner.run(["matrix", "cuda", "12.4.1", "--json"])
        let u = try #require(try json(update.stdout) as? [String: Any])
        #expect((u["min_driver"] as? [String: Any])?["linux"] as? String == "550.54.15")
    }

    @Test func gpuJSONKeys() throws {
        let r = try CLIRunner.run(["matrix", "gpu", "NVIDIA H100 80GB HBM3", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try json(r.stdout) as? [String: Any])
        #expect(object["name"] as? String == "NVIDIA H100 80GB HBM3")
        #expect(object["compute_capability"] as? String == "9.0")
        #expect(object["architecture"] as? String == "Hopper")
    }

    @Test(arguments: [
        (["matrix", "torch", "2.16.0"], "nearest known"), (["matrix", "cuda", "12.7"], "nearest known"),
        (["matrix", "gpu", "RTX 3095"], "did you mean"), (["matrix", "torch", "two"], "not a version"),
    ])
    func unknownNamesExitTwoWithSuggestions(arguments: [String], hint: String) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 2)
        #expect(r.stderr.contains(hint), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test(arguments: ["torch", "cuda", "gpu", "images"])
    func listAsJSON(kind: String) throws {
        let r = try CLIRunner.run(["matrix", "list", kind, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try json(r.stdout) as? [[String: Any]])
        #expect(!rows.isEmpty)
    }

    @Test func validateTheRepositoryAndTheEmbeddedCopy() throws {
        let dir = try CLIRunner.run(["matrix", "validate", "matrices"])
        #expect(dir.status == 0, "\(dir.stderr)")
        #expect(dir.stdout.hasPrefix("valid: 0 errors"))
        let embedded = try CLIRunner.run(["matrix", "validate", "--json"])
        #expect(embedded.status == 0)
        let object = try #require(try json(embedded.stdout) as? [String: Any])
        #expect(object["valid"] as? Bool == true)
    }

    @Test func validateABrokenDirectoryExitsTwoWithLocations() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-matrix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["torch.yaml", "cuda.yaml", "gpus.yaml", "images.yaml"] {
            let text = try String(
                contentsOf: CLIRunner.repositoryRoot.appendingPathComponent("matrices/\(name)"), encoding: .utf8)
            let broken =
                name == "gpus.yaml"
                ? text.replacingOccurrences(of: "architecture: Turing", with: "architecure: Turing") : text
            try broken.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let r = try CLIRunner.run(["matrix", "validate", dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown key 'architecure'"))
        #expect(r.stderr.contains("\(dir.path)/gpus.yaml:"))
        #expect(r.stderr.contains("did you mean 'architecture'?"))
        // The same directory as --matrix for a query is bad input too.
        let q = try CLIRunner.run(["matrix", "torch", "2.4.1", "--matrix", dir.path])
        #expect(q.status == 2)
        let missing = try CLIRunner.run(["matrix", "validate", dir.appendingPathComponent("nope").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("does not exist"))
    }
}

/// The binary carries the matrix: a copy alone in an empty directory answers the same as `--matrix matrices`.
@Suite struct MatrixEmbeddingCLITests {
    @Test func copiedBinaryWorksAlone() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("dlenv")
        try FileManager.default.copyItem(at: CLIRunner.executable, to: copy)
        let process = Process()
        process.executableURL = copy
        process.arguments = ["resolve", "--torch", "2.4", "--gpu", "Tesla T4", "--driver", "535.104.05", "--json"]
        process.currentDirectoryURL = dir
        let out = dir.appendingPathComponent("out.json")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        #expect(process.terminationStatus == 0)
        let alone = try String(contentsOf: out, encoding: .utf8)
        let fromFiles = try CLIRunner.run([
            "resolve", "--torch", "2.4", "--gpu", "Tesla T4", "--driver", "535.104.05", "--json", "--matrix",
            "matrices",
        ])
        #expect(fromFiles.status == 0)
        #expect(!alone.isEmpty)
        #expect(alone == fromFiles.stdout)
    }
}
