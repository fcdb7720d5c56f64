import DLEnvCore
import DLEnvMatrix

/// What resolving one project for one GPU type gave: an image to build, or the resolver's reasons.
public enum FleetResolution: Sendable, Hashable {
    case image(FleetBuild)
    case refused(reasons: [String])
}

extension FleetResolution {
    /// The planner of a workspace, wired to the real resolver and recipe: each (project, GPU type) is planned by
    /// `RecipePlanner` with the GPU type as the target, and rendered by `DockerfileRenderer`.
    /// - Parameters:
    ///   - workspaceFile: the workspace as the plan names it; it is the Dockerfiles' source, so that equal stacks
    ///     render byte-identical Dockerfiles.
    ///   - twin: the self-checking torch twin the image's build-time verification runs (DLEnvWorkloads' text; the
    ///     recipe takes it as input), nil for none.
    public static func planner(
        matrix: CompatibilityMatrix, workspaceFile: String, dlenvVersion: String, twin: String?
    ) -> FleetPlanner {
        let recipe = Recipe(matrix: matrix, workspaceFile: workspaceFile, dlenvVersion: dlenvVersion, twin: twin)
        return FleetPlanner(
            resolve: { project, target in recipe.resolve(project, target) },
            finish: { project, build, targets in recipe.finish(project, build, targets) })
    }

    /// The verification jobs run `dlenv verify` and `dlenv probe` inside the image, so the fleet image adds the
    /// dlenv binary from the `dlenv-bin` build context (see docs/fleet.md).
    public static let dlenvAddendum = """

        # dlenv fleet: the verification jobs run `dlenv verify` and `dlenv probe` inside this image. `dlenv-bin` is a
        # named build context (docker-bake.json `contexts`), not a stage, hence the DL3022 exception.
        # hadolint ignore=DL3022
        COPY --from=dlenv-bin dlenv /usr/local/bin/dlenv

        """

    /// What identifies an image: the resolved stack and the image spec without its name, target and locations.
    static func identity(_ spec: Spec, _ stack: Stack) -> String {
        var s = imageSpec(spec)
        s.target = Spec.Target()
        s.locations = [:]
        return "\(stack)|\(s)"
    }

    /// The image spec of a project: its stack and packages, without what needs the project's own files
    /// (COPY, requirements, RUN, entrypoint), so that projects that resolve alike share one image.
    static func imageSpec(_ spec: Spec) -> Spec {
        var s = spec
        s.name = "dlenv-fleet"
        s.copy = []
        s.run = []
        s.requirements = nil
        s.entrypoint = nil
        s.cmd = nil
        return s
    }

    /// The matrix and the inputs the recipe takes besides a project and a GPU type.
    struct Recipe: Sendable {
        var matrix: CompatibilityMatrix
        var workspaceFile: String
        var dlenvVersion: String
        var twin: String?

        func resolve(_ project: FleetProject, _ target: FleetTarget) -> FleetResolution {
            let result = render(project.spec, Spec.Target(driver: Version(target.driver), gpus: [target.gpu]))
            guard case .image(var build) = result else { return result }
            build.identity = FleetResolution.identity(project.spec, build.stack)
            return .image(build)
        }

        /// Renders a shared image once for every GPU type it serves: the spec pinned to the resolved stack, the
        /// target all those GPUs with the oldest driver among them. Nil (keep the per-GPU rendering) when the
        /// pinned plan does not give the same stack back.
        func finish(_ project: FleetProject, _ build: FleetBuild, _ targets: [FleetTarget]) -> FleetBuild? {
            guard targets.count > 1, let torch = try? VersionSpec(parsing: "==\(build.stack.torch)") else { return nil }
            var spec = project.spec
            spec.torch = torch
            spec.accelerator = build.stack.variant
            if let vision = build.stack.torchvision, let pinned = try? VersionSpec(parsing: "==\(vision)") {
                spec.torchvision = .spec(pinned)
            }
            let drivers = targets.compactMap { Version($0.driver) }.sorted()
            var gpus: [String] = []
            for t in targets where !gpus.contains(t.gpu) { gpus.append(t.gpu) }
            guard case .image(let rendered) = render(spec, Spec.Target(driver: drivers.first, gpus: gpus)),
                rendered.stack == build.stack
            else { return nil }
            var result = rendered
            result.identity = build.identity
            return result
        }

        func render(_ spec: Spec, _ specTarget: Spec.Target) -> FleetResolution {
            do {
                var plan = try RecipePlanner.plan(
                    FleetResolution.imageSpec(spec), matrix: matrix, target: specTarget, specFile: workspaceFile,
                    dlenvVersion: dlenvVersion)
                if let twin { plan.verification = plan.verification?.addingTwin(twin, torch: plan.stack.torch) }
                var labels: [String: String] = [:]
                for (key, value) in plan.labels { labels[key] = value }
                labels["io.dlenv.fleet.workspace"] = workspaceFile
                let dockerfile = DockerfileRenderer.render(plan) + FleetResolution.dlenvAddendum
                var build = FleetBuild(
                    stack: plan.stack, baseImage: plan.baseImage.reference, labels: labels, dockerfile: dockerfile,
                    contexts: ["dlenv-bin": "dlenv-bin"])
                build.contextFiles = DockerfileRenderer.contextFiles(plan)
                return .image(build)
            } catch let refusal as RecipeRefusal {
                let reasons = refusal.reasons.map { d in d.message + (d.remedy.map { " (fix: \($0))" } ?? "") }
                return .refused(reasons: [refusal.summary] + reasons)
            } catch let error as DiagnosticsError {
                return .refused(reasons: error.diagnostics.map(\.description))
            } catch {
                return .refused(reasons: ["\(error)"])
            }
        }
    }
}
