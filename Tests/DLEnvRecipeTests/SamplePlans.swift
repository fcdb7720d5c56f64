import DLEnvCore

@testable import DLEnvRecipe

/// Hand-built stacks for renderer tests that do not depend on the matrix data.
enum SamplePlans {
    static let cu126 = Stack(
        torch: "2.7.1", torchvision: "0.22.1", torchaudio: "2.7.1", python: "3.11", variant: "cu126", cuda: "12.6",
        cudnn: "9.5.1.17", nccl: "2.26.2", indexURL: "https://download.pytorch.org/whl/cu126", pypiDefault: false,
        arch: ["sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90"], minDriverLinux: "525.60.13")

    static let cpu = Stack(
        torch: "2.7.1", torchvision: "0.22.1", python: "3.12", variant: "cpu",
        indexURL: "https://download.pytorch.org/whl/cpu")

    static func plan(_ yaml: String, stack: Stack = cu126, capabilities: [String] = []) throws -> RecipePlan {
        let spec = try SpecParser.parse(yaml)
        return RecipePlan(
            spec: spec, stack: stack,
            baseImage: BaseImageChoice(
                reference: "ubuntu:24.04", kind: .os, os: "ubuntu24.04",
                reason: "the wheels bundle the CUDA runtime, so a plain OS image suffices"),
            computeCapabilities: capabilities, targetGPUs: spec.target.gpus, dlenvVersion: "0.0.0-test")
    }
}
