import DLEnvCore
import Testing

@testable import DLEnvRecipe

@Suite struct SpecParserTests {
    @Test func parsesAFullSpec() throws {
        let yaml = """
            name: vision-train
            python: "3.11"
            torch: ">=2.6,<2.8"
            torchvision: auto
            torchaudio: none
            accelerator: cu126
            target:
              driver: "535.104.05"
              gpus: [P100, "7.0"]
            system_packages: [git, libgl1]
            python_packages:
              - numpy>=1.26
              - pandas[parquet]==2.2.*; python_version >= "3.10"
            index:
              pytorch: https://mirror.example/whl
            env:
              HF_HOME: /workspace/.cache/hf
            workdir: /workspace
            user: {name: trainer, uid: 1200}
            copy: [".", {src: weights, dest: /models}]
            run: ["python -m compileall -q src"]
            cmd: ["python", "train.py"]
            verify: true
            build_extensions: false
            """
        let spec = try SpecParser.parse(yaml)
        #expect(spec.name == "vision-train")
        #expect(spec.python == Version("3.11"))
        #expect(spec.torch.contains(Version("2.7.1")!))
        #expect(!spec.torch.contains(Version("2.8.0")!))
        #expect(spec.torchvision == .auto)
        #expect(spec.torchaudio == .none)
        #expect(spec.accelerator == "cu126")
        #expect(spec.target.driver == Version("535.104.05"))
        #expect(spec.target.gpus == ["P100", "7.0"])
        #expect(spec.systemPackages == ["git", "libgl1"])
        #expect(spec.pythonPackages.count == 2)
        #expect(spec.index.pytorch == "https://mirror.example/whl")
        #expect(spec.env == [Spec.EnvironmentVariable(key: "HF_HOME", value: "/workspace/.cache/hf")])
        #expect(spec.user == Spec.User(name: "trainer", uid: 1200))
        #expect(spec.copy == [.init(source: ".", destination: "."), .init(source: "weights", destination: "/models")])
        #expect(spec.cmd == ["python", "train.py"])
        #expect(spec.locations["target.gpus"]?.line == 9)
    }

    @Test func defaultsAreSafe() throws {
        let spec = try SpecParser.parse("name: tiny\n")
        #expect(spec.torch.isAny)
        #expect(spec.torchvision == .auto)
        #expect(spec.accelerator == "auto")
        #expect(spec.verify)
        #expect(!spec.buildExtensions)
        #expect(spec.user.uid == 10001)
        #expect(spec.workdir == "/workspace")
    }

    @Test func unknownKeySuggestsTheClosest() throws {
        let error = try #require(throws: DiagnosticsError.self) { try SpecParser.parse("name: a1\npyton: \"3.11\"\n") }
        let d = try #require(error.diagnostics.first)
        #expect(d.message == "unknown key 'pyton'")
        #expect(d.remedy == "did you mean 'python'?")
        #expect(d.location == SourceLocation(file: "dlenv.yaml", line: 2, column: 1))
    }

    @Test func unknownNestedKeyNamesItsPath() throws {
        let yaml = "name: a1\ntarget:\n  drivr: \"535\"\n"
        let error = try #require(throws: DiagnosticsError.self) { try SpecParser.parse(yaml) }
        #expect(error.diagnostics.first?.message == "unknown key 'target.drivr'")
        #expect(error.diagnostics.first?.remedy == "did you mean 'driver'?")
        #expect(error.diagnostics.first?.location?.line == 3)
        #expect(error.diagnostics.first?.location?.column == 3)
    }

    @Test func collectsEveryProblem() throws {
        let yaml = "name: A B\nverify: maybe\nsystem_packages: git\nfoo: 1\n"
        let error = try #require(throws: DiagnosticsError.self) { try SpecParser.parse(yaml) }
        #expect(error.diagnostics.count == 4)
    }

    @Test func badVersionSpecPointsAtTheColumn() throws {
        let error = try #require(throws: DiagnosticsError.self) {
            try SpecParser.parse("name: a1\ntorch: \">=2.1,<<3\"\n")
        }
        let d = try #require(error.diagnostics.first)
        #expect(d.message.hasPrefix("'torch':"))
        #expect(d.location?.line == 2)
    }

    @Test func invalidYAMLHasALocation() throws {
        let error = try #require(throws: DiagnosticsError.self) { try SpecParser.parse("name: [a1\n") }
        #expect(error.diagnostics.first?.message.hasPrefix("invalid YAML") == true)
        #expect(error.diagnostics.first?.location?.line != nil)
    }

    @Test func missingNameIsAnError() throws {
        let error = try #require(throws: DiagnosticsError.self) { try SpecParser.parse("torch: \"2.6\"\n") }
        #expect(error.diagnostics.first?.message == "missing key 'name'")
    }

    @Test func torchInPythonPackagesIsRejected() throws {
        let error = try #require(throws: DiagnosticsError.self) {
            try SpecParser.parse("name: a1\npython_packages: [numpy, Torch==2.6.0]\n")
        }
        #expect(error.diagnostics.first?.message.contains("python_packages[1]") == true)
    }

    @Test func rootUserIsRejected() throws {
        #expect(throws: DiagnosticsError.self) { try SpecParser.parse("name: a1\nuser: root\n") }
        #expect(throws: DiagnosticsError.self) { try SpecParser.parse("name: a1\nuser: 0\n") }
    }

    @Test func duplicateKeysAreRejected() throws {
        let error = try #require(throws: DiagnosticsError.self) { try SpecParser.parse("name: a1\nname: b2\n") }
        #expect(error.diagnostics.first?.message.contains("duplicate") == true)
        #expect(error.diagnostics.first?.location?.line != nil)
    }
}
