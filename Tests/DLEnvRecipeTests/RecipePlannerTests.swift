import DLEnvCore
import DLEnvMatrix
import Testing

@testable import DLEnvRecipe

/// Planning against the embedded matrix: resolution, target capabilities, base images, refusals.
@Suite struct RecipePlannerTests {
    static let matrix = try! CompatibilityMatrix.embedded()

    static func plan(_ yaml: String) throws -> RecipePlan {
        try RecipePlanner.plan(try SpecParser.parse(yaml), matrix: matrix, dlenvVersion: "test")
    }

    @Test func resolvesTheNewestStackForTheTarget() throws {
        let plan = try Self.plan("name: a1\ntorch: \"2.10\"\ntarget: {driver: \"550.54.15\", gpus: [A100, H100]}\n")
        #expect(plan.stack.torch == "2.10.0")
        #expect(plan.stack.variant.hasPrefix("cu"))
        #expect(plan.computeCapabilities == ["8.0", "9.0"])
        #expect(plan.baseImage.kind == .os)
        #expect(plan.baseImage.reference == "ubuntu:24.04")
        #expect(plan.isCUDA)
    }

    @Test func withoutPythonTheDefaultStaysAtTheCeiling() throws {
        let plan = try Self.plan("name: a1\ntorch: \"2.10\"\naccelerator: cpu\n")
        #expect(plan.stack.python == RecipePlanner.pythonCeiling.text)
        let pinned = try Self.plan("name: a1\ntorch: \"2.10\"\naccelerator: cpu\npython: \"3.13\"\n")
        #expect(pinned.stack.python == "3.13")
    }

    /// One GPU grammar (DLEnvCore.GPUToken) for dlenv.yaml, --gpu and fleet profiles.
    @Test(arguments: [
        ("8.6", GPUToken.capability(ComputeCapability(major: 8, minor: 6))),
        ("sm_90", .capability(ComputeCapability(major: 9, minor: 0))),
        ("sm120", .capability(ComputeCapability(major: 12, minor: 0))),
        ("86", .capability(ComputeCapability(major: 8, minor: 6))),
        ("sm_90a", .capability(ComputeCapability(major: 9, minor: 0))),
        ("GFX942", .gfx("gfx942")),
        ("A100", .name("A100")),
        ("RTX 4090", .name("RTX 4090")),
        ("sm_99999999999999999999", .name("sm_99999999999999999999")),
        ("99999999999999999999.0", .name("99999999999999999999.0")),
        ("8.99999999999999999999", .name("8.99999999999999999999")),
    ])
    func capabilitiesAreAcceptedInEveryForm(text: String, token: GPUToken) {
        #expect(GPUToken(parsing: text) == token)
    }

    /// The same grammar resolves through the matrix for a spec and for --gpu: sm80 works in both.
    @Test func theSpecAndTheFlagsShareTheGrammar() throws {
        let matrix = try CompatibilityMatrix.embedded()
        #expect(matrix.gpuRequirement("sm80", index: 0)?.computeCapability == ComputeCapability(major: 8, minor: 0))
        #expect(matrix.gpuRequirement("NVIDIA H100 80GB HBM3", index: 1)?.computeCapability?.major == 9)
        #expect(matrix.gpuRequirement("no such gpu", index: 0) == nil)
    }

    @Test func companionsCanBeLeftOut() throws {
        let plan = try Self.plan("name: a1\ntorch: \"2.10\"\naccelerator: cpu\ntorchvision: none\ntorchaudio: none\n")
        #expect(plan.torchPins == ["torch==2.10.0+cpu"])
    }

    @Test func unknownGPUIsBadInputWithSuggestions() throws {
        let error = try #require(throws: DiagnosticsError.self) {
            try Self.plan("name: a1\ntarget:\n  gpus: [A100, H10]\n")
        }
        let d = try #require(error.diagnostics.first)
        #expect(d.message.contains("target.gpus[1]"))
        #expect(d.location?.line == 3)
        #expect(d.remedy?.contains("H100") == true)
    }

    @Test func badAcceleratorIsBadInput() throws {
        #expect(throws: DiagnosticsError.self) { try Self.plan("name: a1\naccelerator: tpu\n") }
    }

    @Test func pascalFleetCannotRunTorch215() throws {
        let refusal = try #require(throws: RecipeRefusal.self) {
            try Self.plan("name: a1\ntorch: \"2.15\"\ntarget: {driver: \"580.95.05\", gpus: [P100]}\n")
        }
        #expect(refusal.reasons.contains { $0.severity == .error && $0.message.contains("sm_60") })
        #expect(refusal.reasons.contains { $0.remedy?.hasPrefix("set torch:") == true })
    }

    @Test func oldDriverCannotRunCUDA13() throws {
        let refusal = try #require(throws: RecipeRefusal.self) {
            try Self.plan(
                "name: a1\ntorch: \"2.10\"\naccelerator: cu130\ntarget: {driver: \"535.104.05\", gpus: [A100]}\n")
        }
        #expect(refusal.reasons.contains { $0.message.contains("580") })
        #expect(refusal.reasons.contains { $0.remedy?.contains("upgrade the fleet's driver") == true })
        #expect(
            refusal.reasons.contains { $0.remedy == "set accelerator: cu128" || $0.remedy == "set accelerator: cu126" })
    }

    @Test func unknownTorchIsRefusedNamingTheMatrix() throws {
        let refusal = try #require(throws: RecipeRefusal.self) { try Self.plan("name: a1\ntorch: \"==0.9.9\"\n") }
        #expect(refusal.reasons.contains { $0.message.contains("matrices/torch.yaml has no torch release") })
    }

    @Test func extensionsGetTheDevelImageOfTheWheelsCUDA() throws {
        let plan = try Self.plan("name: a1\ntorch: \"2.10\"\naccelerator: cu126\nbuild_extensions: true\n")
        #expect(plan.baseImage.kind == .cudaDevel)
        #expect(plan.baseImage.reference.hasPrefix("nvidia/cuda:12.6."))
        #expect(plan.baseImage.reference.hasSuffix("-devel-ubuntu24.04"))
        let text = DockerfileRenderer.render(plan)
        #expect(text.contains("--no-build-isolation") == false, "no project packages, no extension build step")
        #expect(text.contains("TORCH_CUDA_ARCH_LIST=\"5.0;6.0;7.0;7.5;8.0;8.6;9.0\""))
    }

    @Test func extensionsOnROCmAreRefused() throws {
        #expect(throws: RecipeRefusal.self) {
            try Self.plan("name: a1\ntorch: \"2.10\"\naccelerator: rocm7.0\nbuild_extensions: true\n")
        }
    }

    @Test func develImageChoiceRefusesACUDAWithoutImages() {
        let stack = Stack(torch: "1.4.0", python: "3.8", variant: "cu101", cuda: "10.1")
        let result = BaseImageChooser.choose(stack: stack, buildExtensions: true, matrix: Self.matrix)
        guard case .failure(let refusal) = result else {
            Issue.record("CUDA 10.1 has no devel image in matrices/images.yaml")
            return
        }
        #expect(refusal.summary.contains("10.1"))
    }

    @Test func pythonsUvCannotInstallComeFromTheOfficialImage() {
        let stack = Stack(torch: "1.4.0", python: "3.7", variant: "cu101", cuda: "10.1")
        guard
            case .success(let chosen) = BaseImageChooser.choose(
                stack: stack, buildExtensions: false, matrix: Self.matrix)
        else {
            Issue.record("Python 3.7 has an official image")
            return
        }
        #expect(chosen.image.reference == "python:3.7.17-slim-bookworm")
        #expect(chosen.image.kind == .pythonImage)
        if case .success = BaseImageChooser.choose(stack: stack, buildExtensions: true, matrix: Self.matrix) {
            Issue.record("CUDA extensions with Python 3.7 must be refused")
        }
    }

    @Test func qualifiesReferencesAndAppliesMirrors() {
        #expect(BaseImageChoice.qualify("ubuntu:24.04", mirror: nil) == "docker.io/library/ubuntu:24.04")
        #expect(
            BaseImageChoice.qualify("nvidia/cuda:12.6.3-devel-ubuntu24.04", mirror: nil)
                == "docker.io/nvidia/cuda:12.6.3-devel-ubuntu24.04")
        #expect(
            BaseImageChoice.qualify("ghcr.io/astral-sh/uv:0.13.8", mirror: "reg:5000/m")
                == "reg:5000/m/astral-sh/uv:0.13.8")
    }
}
