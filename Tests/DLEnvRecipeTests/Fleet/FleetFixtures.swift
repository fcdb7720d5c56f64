import DLEnvCore
import DLEnvRecipe

/// A small plan built by hand: two projects, three GPU types, one refusal, two images (one shared).
enum FleetFixtures {
    static let cu124 = Stack(
        torch: "2.5.1", torchvision: "0.20.1", torchaudio: "2.5.1", python: "3.11", variant: "cu124", cuda: "12.4",
        cudnn: "9.1.0.70", nccl: "2.21.5", indexURL: "https://download.pytorch.org/whl/cu124",
        arch: ["sm_80", "sm_90"],
        minDriverLinux: "525.60.13")
    static let cu118 = Stack(
        torch: "2.5.1", torchvision: "0.20.1", python: "3.11", variant: "cu118", cuda: "11.8",
        indexURL: "https://download.pytorch.org/whl/cu118", arch: ["sm_75", "sm_80"], minDriverLinux: "450.80.02")

    static func image(_ stack: Stack, projects: [String]) -> FleetImage {
        let name = FleetImage.name(for: stack)
        return FleetImage(
            name: name, tag: "ghcr.io/acme/dlenv/\(name):0123456789ab", stack: stack, baseImage: "ubuntu:24.04",
            labels: ["org.opencontainers.image.title": name], projects: projects, context: "dockerfiles/\(name)",
            dockerfile: "Dockerfile", dockerfileText: "FROM ubuntu:24.04\n")
    }

    static func plan(shards: Int = 1) -> FleetPlan {
        var engine = FleetEngineOptions()
        engine.shards = shards
        engine.slurm.partitions = ["NVIDIA H100 80GB HBM3": "h100"]
        engine.slurm.gresTypes = ["NVIDIA H100 80GB HBM3": "h100"]
        let targets = [
            FleetTarget(gpu: "NVIDIA H100 80GB HBM3", product: "NVIDIA-H100-80GB-HBM3", driver: "550.54.15", count: 8),
            FleetTarget(gpu: "Tesla T4", product: "Tesla-T4", driver: "470.82.01", count: 2, nodeLabel: "pool=t4"),
            FleetTarget(gpu: "Tesla K80", product: "Tesla-K80", driver: "470.82.01", count: 4),
        ]
        let pairs: [FleetPlan.Pair] = [
            .init(project: "vision", target: 0, outcome: .planned(image: FleetImage.name(for: cu124))),
            .init(project: "vision", target: 1, outcome: .planned(image: FleetImage.name(for: cu118))),
            .init(project: "vision", target: 2, outcome: .refused(reasons: ["Tesla K80 (sm_37) is not in any wheel"])),
            .init(project: "detector", target: 0, outcome: .planned(image: FleetImage.name(for: cu124))),
            .init(project: "detector", target: 1, outcome: .planned(image: FleetImage.name(for: cu118))),
            .init(
                project: "detector", target: 2, outcome: .refused(reasons: ["Tesla K80 (sm_37) is not in any wheel"])),
        ]
        return FleetPlan(
            workspace: "dlenv-workspace.yaml", registry: "ghcr.io/acme/dlenv", engine: engine,
            images: [image(cu124, projects: ["detector", "vision"]), image(cu118, projects: ["detector", "vision"])],
            targets: targets, pairs: pairs)
    }

    static let knownProducts: Set<String> = ["NVIDIA-H100-80GB-HBM3", "Tesla-T4", "Tesla-K80"]
}
