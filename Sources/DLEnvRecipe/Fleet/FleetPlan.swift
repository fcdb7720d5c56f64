/// Everything `dlenv fleet plan` decided: the images, the GPU types and, for every (project, GPU type)
/// pair, either the image that serves it or the reasons the resolver refused it. The generators render
/// it; nothing in it depends on a clock or a random source, so a plan renders byte-identically.
public struct FleetPlan: Sendable, Hashable {
    /// The workspace file as written in plan.json.
    public var workspace: String
    public var registry: String
    public var engine: FleetEngineOptions
    /// Images sorted by name.
    public var images: [FleetImage]
    /// GPU types in workspace order.
    public var targets: [FleetTarget]
    /// Every (project, GPU type) pair, projects in workspace order, then GPU types in workspace order.
    public var pairs: [Pair]

    public init(
        workspace: String, registry: String, engine: FleetEngineOptions, images: [FleetImage],
        targets: [FleetTarget], pairs: [Pair]
    ) {
        self.workspace = workspace
        self.registry = registry
        self.engine = engine
        self.images = images.sorted { $0.name < $1.name }
        self.targets = targets
        self.pairs = pairs
    }

    /// One project on one GPU type.
    public struct Pair: Sendable, Hashable {
        public var project: String
        /// Index into `targets`.
        public var target: Int
        public var outcome: Outcome
        public init(project: String, target: Int, outcome: Outcome) {
            self.project = project
            self.target = target
            self.outcome = outcome
        }
    }

    public enum Outcome: Sendable, Hashable {
        /// Served by the image with this name.
        case planned(image: String)
        /// The resolver found no stack; its reasons, most relevant first.
        case refused(reasons: [String])
    }

    /// One verification job: an image on a GPU type (an Indexed Job when sharded).
    public struct Job: Sendable, Hashable {
        /// DNS-1123 label, unique in the plan: "verify-<image>-<gpu>".
        public var name: String
        public var image: FleetImage
        public var target: FleetTarget
        /// Projects of this image planned on this GPU type.
        public var projects: [String]
    }

    /// Each GPU type's slug in job names: the short form, or the full-driver form where two GPU types share it.
    public var targetSlugs: [String] {
        let short = targets.map(\.slug)
        return targets.enumerated().map { i, t in
            short.filter { $0 == short[i] }.count > 1 ? t.slug(fullDriver: true) : short[i]
        }
    }

    /// The jobs: one per (image × GPU type) that some planned pair needs, image name then GPU type order.
    /// A refused pair emits none.
    public var jobs: [Job] {
        let slugs = targetSlugs
        var result: [Job] = []
        for image in images {
            for (index, target) in targets.enumerated() {
                let projects = pairs.filter { $0.target == index && $0.outcome == .planned(image: image.name) }
                    .map(\.project)
                guard !projects.isEmpty else { continue }
                result.append(
                    Job(
                        name: FleetNaming.dnsLabel("verify-\(image.name)-\(slugs[index])"), image: image,
                        target: target, projects: projects))
            }
        }
        return result
    }

    /// The names of the projects, in workspace order.
    public var projectNames: [String] {
        var seen: Set<String> = []
        return pairs.map(\.project).filter { seen.insert($0).inserted }
    }
}
