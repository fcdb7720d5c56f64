/// How a workspace drives its engines (the `engine:` section of `dlenv-workspace.yaml`). Every field has a
/// default, so `engine:` may be left out.
public struct FleetEngineOptions: Sendable, Hashable {
    /// Verification shards per (image × GPU type): the completions of an Indexed Job, the size of a Slurm
    /// array. 1 means a plain Job and no array.
    public var shards: Int = 1
    /// Wall-clock limit of one verification: Kubernetes `activeDeadlineSeconds`, Slurm `--time`, GitHub
    /// `timeout-minutes`.
    public var deadlineMinutes: Int = 60
    /// GPUs each verification pod / task asks for.
    public var gpusPerJob: Int = 1
    public var bake = Bake()
    public var kubernetes = Kubernetes()
    public var slurm = Slurm()
    public var github = GitHub()

    public init() {}

    /// `docker buildx bake` settings.
    public struct Bake: Sendable, Hashable {
        /// Target platforms ("linux/amd64").
        public var platforms: [String] = ["linux/amd64"]
        /// The cache backend shared by builder nodes.
        public var cache: CacheBackend = .registry
        /// `mode=max` also caches intermediate stages.
        public var cacheMode: CacheMode = .max
        public init() {}
    }

    /// BuildKit cache backends usable across builder nodes (reference/docker.md §5.1).
    public enum CacheBackend: String, Sendable, Hashable, CaseIterable {
        case registry, gha, inline, none
    }

    public enum CacheMode: String, Sendable, Hashable, CaseIterable {
        case min, max
    }

    /// Kubernetes Job settings.
    public struct Kubernetes: Sendable, Hashable {
        public var namespace: String = "dlenv-fleet"
        /// `backoffLimit` of a plain Job, `backoffLimitPerIndex` of an Indexed Job.
        public var backoffLimit: Int = 0
        public var ttlSecondsAfterFinished: Int = 86400
        /// Adds the toleration for the common `nvidia.com/gpu:NoSchedule` taint.
        public var tolerateGPUTaint: Bool = true
        /// `spec.runtimeClassName` ("nvidia"), when the cluster needs one.
        public var runtimeClass: String?
        public init() {}
    }

    /// Slurm settings.
    public struct Slurm: Sendable, Hashable {
        /// Partition per GPU name (the `gpu` of a fleet entry).
        public var partitions: [String: String] = [:]
        /// Partition for GPUs not listed in `partitions`.
        public var defaultPartition: String = "gpu"
        /// GRES type per GPU name (`--gres=gpu:<type>:N`); untyped `--gres=gpu:N` when absent.
        public var gresTypes: [String: String] = [:]
        public var cpusPerTask: Int = 8
        public var memory: String = "32G"
        public init() {}
    }

    /// GitHub Actions settings.
    public struct GitHub: Sendable, Hashable {
        /// Labels of the self-hosted GPU runners; the GPU's product label is appended per matrix entry.
        public var runsOn: [String] = ["self-hosted", "linux", "x64", "gpu"]
        public var maxParallel: Int?
        public init() {}
    }
}
