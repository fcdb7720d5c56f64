import DLEnvCore
import Foundation
import Testing

@testable import DLEnvRecipe

/// `dlenv init`'s pure parts: reading the project's files and writing a spec that parses back.
@Suite struct InitTests {
    @Test func requirementsGiveTorchPinsAndAVariantHint() {
        let facts = ProjectScanner.scan(
            requirements: """
                # training
                torch==2.4.1+cu121  # pinned build
                torchvision>=0.19
                -r more.txt
                numpy
                """, pyproject: nil)
        #expect(facts.hasRequirementsFile)
        #expect(facts.torchSpecs == ["torch": "==2.4.1", "torchvision": ">=0.19"])
        #expect(facts.variantHint == "cu121")
        #expect(facts.dependencies.isEmpty, "requirements.txt is installed as a file, not copied")
    }

    /// Both files are installed in the image, so a pin in each is kept: pyproject's never replaces requirements'.
    @Test func pinsOfBothFilesAreKeptTogether() throws {
        let facts = ProjectScanner.scan(
            requirements: "torch==2.4.1\ntorchvision\n",
            pyproject: "[project]\nname = \"x\"\ndependencies = [\"torch>=2.3\", \"torchaudio<2.6\", \"numpy\"]\n")
        #expect(facts.torchSpecs == ["torch": "==2.4.1,>=2.3", "torchaudio": "<2.6"])
        #expect(facts.dependencies == ["numpy"])
        #expect(try VersionSpec(parsing: facts.torchSpecs["torch"]!).contains(Version("2.4.1")!))
    }

    @Test func pyprojectGivesNameRequiresPythonAndDependencies() {
        let facts = ProjectScanner.scan(
            requirements: nil,
            pyproject: """
                [build-system]
                requires = ["setuptools"]

                [project]
                name = "Vision Lab"
                requires-python = ">=3.10"
                dependencies = [
                  "numpy>=1.26",  # arrays
                  'pandas[parquet]==2.2.*',
                  "torch>=2.4",
                ]

                [tool.ruff]
                line-length = 120
                """)
        #expect(facts.name == "Vision Lab")
        #expect(facts.requiresPython == ">=3.10")
        #expect(facts.dependencies == ["numpy>=1.26", "pandas[parquet]==2.2.*"])
        #expect(facts.torchSpecs["torch"] == ">=2.4")
    }

    @Test func unusableLinesAreReportedNotKept() {
        let facts = ProjectScanner.scan(
            requirements: nil, pyproject: "[project]\ndependencies = [\"x; os.system('y')\"]\n")
        #expect(facts.dependencies.isEmpty)
        #expect(facts.skipped.count == 1)
    }

    @Test func writtenSpecParsesBackToTheSameValues() throws {
        let draft = SpecWriter.Draft(
            name: "vision-lab", python: "3.11", torch: ">=2.4,<2.8", accelerator: "cu126", driver: "535.104.05",
            gpus: ["NVIDIA A100-SXM4-80GB", "9.0"], requirements: "requirements.txt",
            pythonPackages: ["pandas[parquet]==2.2.*; python_version >= \"3.10\""], notes: ["Target from a test."])
        let spec = try SpecParser.parse(SpecWriter.render(draft))
        #expect(spec.name == "vision-lab")
        #expect(spec.python == Version("3.11"))
        #expect(spec.torch.text == ">=2.4,<2.8")
        #expect(spec.accelerator == "cu126")
        #expect(spec.target.driver == Version("535.104.05"))
        #expect(spec.target.gpus == ["NVIDIA A100-SXM4-80GB", "9.0"])
        #expect(spec.requirements == "requirements.txt")
        #expect(spec.pythonPackages == draft.pythonPackages)
        #expect(spec.copy == [Spec.CopyItem(source: ".", destination: ".")])
        #expect(spec.verify)
    }

    @Test(arguments: [("My Project!", "my-project-"), ("__init__", "init__"), ("", "project"), ("ok-1.2", "ok-1.2")])
    func namesAreMadeValid(raw: String, expected: String) {
        let name = SpecWriter.name(from: raw)
        #expect(name == expected)
        #expect(FieldGuard.check(name, as: .projectName, field: "name", at: nil) == nil)
    }
}

/// The lock and the .dockerignore.
@Suite struct LockFileTests {
    @Test func lockRoundTripsAndCarriesTheLocalTags() throws {
        let plan = try SamplePlans.plan(
            "name: lk\ntarget: {gpus: [A100]}\nindex: {pypi: \"https://m.example/simple\"}\n", capabilities: ["8.0"])
        let text = LockFile(plan: plan).render()
        let decoded = try JSONDecoder().decode(LockFile.self, from: Data(text.utf8))
        #expect(decoded == LockFile(plan: plan))
        #expect(decoded.wheels["torch"] == "2.7.1+cu126")
        #expect(decoded.index.torch == "https://download.pytorch.org/whl/cu126")
        #expect(decoded.index.pypi == "https://m.example/simple")
        #expect(decoded.driverFloor?.linux == "525.60.13")
        #expect(decoded.computeCapabilities == ["8.0"])
        #expect(text.hasSuffix("}\n"))
    }

    @Test func dockerignoreKeepsSecretsAndCachesOut() throws {
        let text = DockerignoreRenderer.render(try SamplePlans.plan("name: di\n"))
        for pattern in [".git", ".env", "**/__pycache__", ".venv"] {
            #expect(text.split(separator: "\n").contains(Substring(pattern)), "missing \(pattern)")
        }
    }
}
