import Foundation
import Testing

/// Writes are all-or-nothing and never clobber: `dockerfile`, `lock`, `fleet plan` and `report --html` (#19).
@Suite struct WriteSafetyTests {
    static let spec = "name: gpu-app\ntorch: \"2.10\"\naccelerator: cu126\ntarget: {gpus: [A100]}\n"

    static func read(_ url: URL) -> String? {
        FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The reproduction: with `.dockerignore` impossible to write, the old Dockerfile used to be replaced anyway.
    @Test func dockerfileLeavesTheOldDockerfileWhenDockerignoreCannotBeWritten() throws {
        let dir = try RecipeCommandTests.project(Self.spec, files: ["Dockerfile": "OLD\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent(".dockerignore"), withIntermediateDirectories: true)
        let r = try CLIRunner.run(["dockerfile"], cwd: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("cannot write .dockerignore: it is a folder; nothing was written"), "\(r.stderr)")
        #expect(Self.read(dir.appendingPathComponent("Dockerfile")) == "OLD\n")
        #expect(RecipeCommandTests.contents(dir) == [".dockerignore", "Dockerfile", "dlenv.yaml"])
    }

    @Test(arguments: ["dockerfile", "lock"])
    func twoSpecsThatMapToTheSameFolderAreRefused(command: String) throws {
        let root = try historyScratch()
        defer { try? FileManager.default.removeItem(at: root) }
        for side in ["a", "b"] {
            let p = root.appendingPathComponent("\(side)/p")
            try FileManager.default.createDirectory(at: p, withIntermediateDirectories: true)
            try Self.spec.write(to: p.appendingPathComponent("dlenv.yaml"), atomically: true, encoding: .utf8)
        }
        let r = try CLIRunner.run([command, "a/p/dlenv.yaml", "b/p/dlenv.yaml", "-o", "out"], cwd: root)
        #expect(r.status == 2)
        #expect(r.stderr.contains("a/p/dlenv.yaml and b/p/dlenv.yaml would both be written to"), "\(r.stderr)")
        #expect(r.stderr.contains("--> b/p/dlenv.yaml"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }

    @Test func fleetPlanRemovesOnlyFilesItWroteBefore() throws {
        let out = try FleetCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let first = try CLIRunner.run(["fleet", "plan", FleetCommandTests.workspace, "-o", out.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("and .dlenv-plan-manifest (the list of them)"))
        let manifest = out.appendingPathComponent(".dlenv-plan-manifest")
        let listed = try #require(Self.read(manifest))
        #expect(listed.contains("\nplan.json\n"))
        // Someone's own Job beside the generated ones, and a file an earlier plan wrote that this one no longer has.
        let mine = out.appendingPathComponent("kubernetes/my-own-job.yaml")
        let stale = out.appendingPathComponent("kubernetes/job-from-an-earlier-plan.yaml")
        try "kind: Job\n".write(to: mine, atomically: true, encoding: .utf8)
        try "kind: Job\n".write(to: stale, atomically: true, encoding: .utf8)
        try (listed + "kubernetes/job-from-an-earlier-plan.yaml\n").write(
            to: manifest, atomically: true, encoding: .utf8)
        let second = try CLIRunner.run(["fleet", "plan", FleetCommandTests.workspace, "-o", out.path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("removed 1 it wrote before: kubernetes/job-from-an-earlier-plan.yaml"))
        #expect(FileManager.default.fileExists(atPath: mine.path))
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(Self.read(manifest) == listed)
        // `fleet check` reads the folder: the manifest is not a plan file it could trip over.
        try FileManager.default.removeItem(at: mine)
        #expect(try CLIRunner.run(["fleet", "check", out.path]).status == 0)
    }

    @Test func reportHTMLOverAFolderWritesNothing() throws {
        let dir = try historyScratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("report.html")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let r = try CLIRunner.run(["report", "--html", target.path, "--db", dir.appendingPathComponent("none.db").path])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("it is a folder; nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("none.db").path))
    }
}
