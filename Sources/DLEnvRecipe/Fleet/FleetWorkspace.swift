import DLEnvCore

/// A `dlenv-workspace.yaml`: many projects verified on many GPU types through existing engines
/// (docker buildx bake, Kubernetes Jobs, Slurm, GitHub Actions).
///
///     projects:
///       - projects/vision/dlenv.yaml
///     registry: ghcr.io/example/dlenv
///     fleet:
///       - {gpu: "NVIDIA H100 80GB HBM3", driver: "550.54.15", count: 16}
///     engine:
///       shards: 2
///       kubernetes: {namespace: ml-verify}
public struct FleetWorkspace: Sendable, Hashable {
    /// The workspace file as named in diagnostics ("dlenv-workspace.yaml").
    public var file: String
    /// Paths of the projects' `dlenv.yaml` files, relative to the workspace file's folder.
    public var projects: [ProjectReference]
    /// The GPU types of the fleet.
    public var fleet: [GPUType]
    /// Where images are pushed: a registry host with an optional namespace ("ghcr.io/example/dlenv").
    public var registry: String
    /// How the engines are driven.
    public var engine: FleetEngineOptions

    public init(
        file: String, projects: [ProjectReference], fleet: [GPUType], registry: String,
        engine: FleetEngineOptions = FleetEngineOptions()
    ) {
        self.file = file
        self.projects = projects
        self.fleet = fleet
        self.registry = registry
        self.engine = engine
    }

    /// One project entry: the path as written and where it was written.
    public struct ProjectReference: Sendable, Hashable {
        public var path: String
        public var location: SourceLocation?
        public init(path: String, location: SourceLocation? = nil) {
            self.path = path
            self.location = location
        }
    }

    /// One GPU type of the fleet: the GPU as the matrix names it, the driver its nodes run and how many
    /// GPUs of it the fleet has.
    public struct GPUType: Sendable, Hashable {
        /// The GPU name as the compatibility matrix knows it (`matrices/gpus.yaml`).
        public var gpu: String
        /// The NVIDIA driver version of these nodes ("550.54.15").
        public var driver: String
        /// How many GPUs of this type the fleet has (bounds the parallelism of the jobs).
        public var count: Int
        /// An extra node selector "key=value" that picks the node pool (e.g. "pool=h100-spot").
        public var nodeLabel: String?
        /// Overrides the `nvidia.com/gpu.product` value derived from the GPU's name.
        public var product: String?
        public var location: SourceLocation?

        public init(
            gpu: String, driver: String, count: Int = 1, nodeLabel: String? = nil, product: String? = nil,
            location: SourceLocation? = nil
        ) {
            self.gpu = gpu
            self.driver = driver
            self.count = count
            self.nodeLabel = nodeLabel
            self.product = product
            self.location = location
        }
    }
}
