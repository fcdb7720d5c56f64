import Foundation
import Testing

/// `dockerfiles/<example>/` must be exactly what dlenv generates from `examples/<example>/dlenv.yaml`: the
/// Dockerfile, .dockerignore, dlenv.lock and the `.dlenv/` files, except the twin (`.dlenv/verify.py`, the same
/// DLEnvWorkloads text for every example, checked by RecipeTwinTests and the workloads' tests).
/// Re-record with `RECORD_GOLDENS=1 swift test --filter RecipeGoldenTests` (never by hand).
@Suite struct RecipeGoldenTests {
    static let root = CLIRunner.repositoryRoot
    static let notRecorded: Set<String> = [".dlenv/verify.py"]

    /// The files under `dir`, relative paths, sorted.
    static func files(under dir: URL) -> [String] {
        let all = FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []
        return all.filter { path in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: dir.appendingPathComponent(path).path, isDirectory: &isDirectory)
            return !isDirectory.boolValue && !notRecorded.contains(path)
        }.sorted()
    }
    /// Folders of `examples/` that hold a project spec (`workspace/` belongs to the fleet generator).
    static let examples: [String] = {
        let dir = root.appendingPathComponent("examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { name in
            name != "workspace"
                && FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(name)/dlenv.yaml").path)
        }.sorted()
    }()
    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" }

    @Test func thereAreAtLeastEightExamples() {
        #expect(Self.examples.count >= 8, "\(Self.examples)")
    }

    @Test(arguments: examples)
    func generatedFilesMatchTheRecordedOnes(example: String) throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-golden-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let spec = "examples/\(example)/dlenv.yaml"
        for command in ["dockerfile", "lock"] {
            let r = try CLIRunner.run([command, spec, "-o", tmp.path])
            #expect(r.status == 0, "dlenv \(command) \(spec): \(r.stderr)")
        }
        let golden = Self.root.appendingPathComponent("dockerfiles/\(example)")
        let generatedFiles = Self.files(under: tmp)
        #expect(generatedFiles.contains("Dockerfile") && generatedFiles.contains(".dlenv/check_image.py"))
        if !Self.recording {
            #expect(Self.files(under: golden) == generatedFiles, "dockerfiles/\(example) holds other files")
        }
        for name in generatedFiles {
            let generated = try String(contentsOf: tmp.appendingPathComponent(name), encoding: .utf8)
            let recordedURL = golden.appendingPathComponent(name)
            if Self.recording {
                try FileManager.default.createDirectory(
                    at: recordedURL.deletingLastPathComponent(), withIntermediateDirectories: true)
                try generated.write(to: recordedURL, atomically: true, encoding: .utf8)
                continue
            }
            let recorded = try? String(contentsOf: recordedURL, encoding: .utf8)
            #expect(
                recorded == generated,
                "dockerfiles/\(example)/\(name) drifted from its spec; run RECORD_GOLDENS=1 swift test --filter RecipeGoldenTests"
            )
        }
    }

    @Test func everyExampleHasAReadmeLineAndEveryOutputAnExample() throws {
        let readme = try String(
            contentsOf: Self.root.appendingPathComponent("examples/README.md"), encoding: .utf8)
        for example in Self.examples {
            #expect(readme.contains("- `\(example)`:"), "examples/README.md has no line for \(example)")
        }
        let outputs = try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("dockerfiles").path)
        for output in outputs where !output.hasPrefix(".") {
            #expect(Self.examples.contains(output), "dockerfiles/\(output) has no examples/\(output)/dlenv.yaml")
        }
    }
}
