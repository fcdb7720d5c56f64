import DLEnvCore
import DLEnvMatrix
import Foundation

/// A project of a workspace: its spec and the name it goes by in the plan.
public struct FleetProject: Sendable, Hashable {
    /// The spec's `name`.
    public var name: String
    /// The `dlenv.yaml` path as the workspace lists it.
    public var file: String
    public var spec: Spec

    public init(name: String, file: String, spec: Spec) {
        self.name = name
        self.file = file
        self.spec = spec
    }
}

/// An image a resolution asks for. Two resolutions with the same `identity` are the same image.
public struct FleetBuild: Sendable, Hashable {
    /// What makes two resolutions one image (the stack and the image's packages); the Dockerfile when empty.
    public var identity: String
    public var stack: Stack
    public var baseImage: String?
    public var labels: [String: String]
    /// The Dockerfile's full text; it identifies the image.
    public var dockerfile: String
    /// Named build contexts the Dockerfile uses (`COPY --from=<name>`), paths relative to the plan folder.
    public var contexts: [String: String]
    /// Files of the build context beside the Dockerfile (`.dlenv/…`), written once per image context.
    public var contextFiles: [GeneratedFile] = []

    public init(
        stack: Stack, baseImage: String? = nil, labels: [String: String] = [:], dockerfile: String,
        contexts: [String: String] = [:], identity: String = ""
    ) {
        self.identity = identity.isEmpty ? dockerfile : identity
        self.contexts = contexts
        self.stack = stack
        self.baseImage = baseImage
        self.labels = labels
        self.dockerfile = dockerfile
    }
}

/// Resolves every project against every GPU type of a fleet and folds equal images into one: projects that
/// resolve alike share an image, a refused pair keeps the resolver's reasons and emits no job.
public struct FleetPlanner: Sendable {
    /// Resolves one project for one GPU type (`FleetResolution.planner` wires the resolver and the recipe here).
    public var resolve: @Sendable (FleetProject, FleetTarget) -> FleetResolution
    /// Renders the shared image once for all the GPU types it serves (so its checks cover each of them);
    /// nil keeps the first resolution's build.
    public var finish: (@Sendable (FleetProject, FleetBuild, [FleetTarget]) -> FleetBuild?)?

    public init(
        resolve: @escaping @Sendable (FleetProject, FleetTarget) -> FleetResolution,
        finish: (@Sendable (FleetProject, FleetBuild, [FleetTarget]) -> FleetBuild?)? = nil
    ) {
        self.resolve = resolve
        self.finish = finish
    }

    public func plan(workspace: FleetWorkspace, projects: [FleetProject], targets: [FleetTarget]) -> FleetPlan {
        var builds: [String: FleetBuild] = [:]
        var users: [String: Set<String>] = [:]
        var firstUser: [String: FleetProject] = [:]
        var served: [String: [Int]] = [:]
        var raw: [(project: String, target: Int, key: String?, reasons: [String])] = []
        for project in projects {
            for (index, target) in targets.enumerated() {
                switch resolve(project, target) {
                case .image(let build):
                    let key = build.identity
                    if builds[key] == nil {
                        builds[key] = build
                        firstUser[key] = project
                    }
                    users[key, default: []].insert(project.name)
                    if served[key]?.contains(index) != true { served[key, default: []].append(index) }
                    raw.append((project.name, index, key, []))
                case .refused(let reasons):
                    let why = reasons.isEmpty ? ["the resolver found no compatible stack"] : reasons
                    raw.append((project.name, index, nil, why))
                }
            }
        }
        if let finish {
            for (key, build) in builds {
                let gpus = served[key, default: []].sorted().map { targets[$0] }
                if let project = firstUser[key], let rendered = finish(project, build, gpus) { builds[key] = rendered }
            }
        }
        // Readable names from the stack; a hash of the Dockerfile only where two images share a stack.
        var byStackName: [String: [String]] = [:]
        for (key, build) in builds { byStackName[FleetImage.name(for: build.stack), default: []].append(key) }
        var names: [String: String] = [:]
        for (stackName, keys) in byStackName {
            for key in keys {
                names[key] =
                    keys.count == 1 ? stackName : "\(stackName)-\(FleetNaming.contentHash(key).prefix(8))"
            }
        }
        let images = builds.map { key, build in
            let name = names[key]!
            var image = FleetImage(
                name: name,
                tag: "\(workspace.registry)/\(name):\(FleetNaming.contentHash(build.contentText).prefix(12))",
                stack: build.stack, baseImage: build.baseImage, labels: build.labels,
                projects: users[key, default: []].sorted(), context: "dockerfiles/\(name)", dockerfile: "Dockerfile",
                dockerfileText: build.dockerfile)
            image.contexts = build.contexts
            image.contextFiles = build.contextFiles
            return image
        }
        let pairs = raw.map { r in
            FleetPlan.Pair(
                project: r.project, target: r.target,
                outcome: r.key.map { .planned(image: names[$0]!) } ?? .refused(reasons: r.reasons))
        }
        return FleetPlan(
            workspace: workspace.file, registry: workspace.registry, engine: workspace.engine, images: images,
            targets: targets, pairs: pairs)
    }

    /// The fleet's GPU types as targets, checked against the matrix: an unknown GPU name is bad input (with
    /// the closest names), an alias becomes the matrix's canonical NVML name, and the product label is the
    /// one GPU Feature Discovery derives from that name unless the workspace overrides it.
    public static func targets(_ workspace: FleetWorkspace, matrix: CompatibilityMatrix) throws(DiagnosticsError)
        -> [FleetTarget]
    {
        var problems: [Diagnostic] = []
        var targets: [FleetTarget] = []
        for var entry in workspace.fleet {
            guard let model = matrix.gpu(named: entry.gpu) else {
                let near = matrix.closestGPUNames(to: entry.gpu, limit: 3)
                problems.append(
                    Diagnostic(
                        .error, "GPU '\(entry.gpu)' is not in the compatibility matrix", at: entry.location,
                        remedy: near.isEmpty
                            ? "use a name from `dlenv matrix` (matrices/gpus.yaml)"
                            : "did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?"))
                continue
            }
            entry.gpu = model.name
            targets.append(FleetTarget(entry, computeCapability: model.computeCapability.map { "\($0)" }))
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        return targets
    }

    /// The `nvidia.com/gpu.product` values of every NVIDIA GPU the matrix knows, for `FleetPlanChecker`,
    /// plus any product labels the workspace sets explicitly.
    public static func knownProducts(matrix: CompatibilityMatrix, workspace: FleetWorkspace? = nil) -> Set<String> {
        var products = Set(matrix.gpus.map { FleetNaming.productLabel(forGPUName: $0.name) })
        for entry in workspace?.fleet ?? [] { if let p = entry.product { products.insert(p) } }
        return products
    }

    /// The product labels a plan folder may use without its workspace: the matrix's, plus those its plan.json
    /// lists (the workspace may have set them explicitly). A plan.json that does not decode adds none.
    public static func knownProducts(matrix: CompatibilityMatrix, planFiles files: [FleetFile]) -> Set<String> {
        var known = knownProducts(matrix: matrix)
        if let planFile = files.first(where: { $0.path == FleetPlanDocument.path }),
            let plan = try? FleetPlanFile.decode(Data(planFile.contents.utf8), file: planFile.path)
        {
            known.formUnion(plan.gpus.map(\.product))
        }
        return known
    }
}

extension FleetBuild {
    /// What the image's tag hashes: the Dockerfile and every file of its build context.
    var contentText: String {
        contextFiles.reduce(dockerfile) { $0 + "\u{0}" + $1.path + "\u{0}" + $1.contents }
    }
}
