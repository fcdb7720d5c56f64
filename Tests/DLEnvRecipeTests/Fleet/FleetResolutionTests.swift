import DLEnvCore
import DLEnvMatrix
import Testing

@testable import DLEnvRecipe

/// `FleetResolution.planner`: every (project, GPU type) through the real resolver and recipe.
@Suite struct FleetResolutionTests {
    static let matrix = try! CompatibilityMatrix.embedded()
    static let workspace = try! FleetWorkspace.parse(
        yaml: """
            projects: [vision/dlenv.yaml, detector/dlenv.yaml]
            registry: ghcr.io/acme/dlenv
            fleet:
              - {gpu: NVIDIA H100 80GB HBM3, driver: "550.54.15"}
              - {gpu: A100 80GB, driver: "535.104.05"}
              - {gpu: Tesla K80, driver: "470.82.01"}
            """, file: "ws.yaml")

    static func project(_ name: String, torch: String = "2.4", python: String = "3.11", _ extra: String = "") throws
        -> FleetProject
    {
        let text = "name: \(name)\npython: \"\(python)\"\ntorch: \"\(torch)\"\ntorchvision: auto\n" + extra
        return FleetProject(name: name, file: "\(name)/dlenv.yaml", spec: try SpecParser.parse(text))
    }

    func plan(twin: String?) throws -> FleetPlan {
        let targets = try FleetPlanner.targets(Self.workspace, matrix: Self.matrix)
        let projects = [
            try Self.project("vision"), try Self.project("detector", "copy:\n  - {src: ., dest: /workspace}\n"),
            try Self.project("legacy", torch: "1.8", python: "3.8"),
        ]
        return FleetResolution.planner(
            matrix: Self.matrix, workspaceFile: "ws.yaml", dlenvVersion: "0.0.0-test", twin: twin
        ).plan(workspace: Self.workspace, projects: projects, targets: targets)
    }

    /// Projects that differ only in their own files share one image per stack; torch 1.8 on an H100 is refused,
    /// with the resolver's reasons.
    @Test func projectsThatResolveAlikeShareAnImageAndARefusalSaysWhy() throws {
        let plan = try plan(twin: "print('twin')\n")
        let shared = plan.images.filter { $0.projects.contains("vision") }
        #expect(!shared.isEmpty && shared.allSatisfy { $0.projects == ["detector", "vision"] })
        let refused = plan.pairs.filter { if case .refused = $0.outcome { true } else { false } }
        #expect(refused.map(\.project) == ["legacy"] && refused.map(\.target) == [0])
        if case .refused(let reasons) = refused.first?.outcome {
            #expect(reasons.first?.hasPrefix("no stack for torch 1.8") == true, "\(reasons)")
        }
        for image in plan.images {
            let dockerfile = try #require(image.dockerfileText)
            #expect(dockerfile.hasSuffix(FleetResolution.dlenvAddendum))
            // The twin runs at build time from torch `VerificationStep.twinMinimumTorch` on.
            let twinned = Version(image.stack.torch).map { $0 >= VerificationStep.twinMinimumTorch } ?? false
            #expect(dockerfile.contains("--check") == twinned, "\(image.name)")
            #expect(image.labels["io.dlenv.fleet.workspace"] == "ws.yaml")
            #expect(image.contexts == ["dlenv-bin": "dlenv-bin"])
        }
    }

    @Test func withoutATwinTheImportCheckStaysTheBuildTimeCheck() throws {
        let plan = try plan(twin: nil)
        #expect(!plan.images.isEmpty)
        #expect(plan.images.allSatisfy { $0.dockerfileText?.contains("--check") == false })
    }
}
