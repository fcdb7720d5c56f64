import DLEnvCore

/// One image of a fleet plan: a resolved stack built once and shared by every project that resolves to it.
public struct FleetImage: Sendable, Hashable {
    /// The bake target name and the stem of job names ("torch2-5-1-cu124-py3-11").
    public var name: String
    /// The full reference the image is pushed as ("ghcr.io/acme/dlenv/torch2-5-1-cu124-py3-11:3f1c…").
    public var tag: String
    public var stack: Stack
    /// The `FROM` image of its Dockerfile.
    public var baseImage: String?
    /// OCI and dlenv labels the image carries.
    public var labels: [String: String]
    /// Names of the projects that use it, sorted.
    public var projects: [String]
    /// The build context, relative to the plan folder (where `docker buildx bake` runs).
    public var context: String
    /// The Dockerfile, relative to the context (bake resolves it there).
    public var dockerfile: String
    /// The Dockerfile's text, written next to the plan; nil when the Dockerfile already exists.
    public var dockerfileText: String?
    /// Named build contexts (bake `contexts`), paths relative to the plan folder.
    public var contexts: [String: String] = [:]
    /// Files written into the context beside the Dockerfile (`.dlenv/verify.py`, …), paths relative to it.
    public var contextFiles: [GeneratedFile] = []

    public init(
        name: String, tag: String, stack: Stack, baseImage: String? = nil, labels: [String: String] = [:],
        projects: [String], context: String, dockerfile: String, dockerfileText: String? = nil
    ) {
        self.name = name
        self.tag = tag
        self.stack = stack
        self.baseImage = baseImage
        self.labels = labels
        self.projects = projects
        self.context = context
        self.dockerfile = dockerfile
        self.dockerfileText = dockerfileText
    }

    /// A readable name for a stack: "torch2-5-1-cu124-py3-11".
    public static func name(for stack: Stack) -> String {
        FleetNaming.slug("torch\(stack.torch)-\(stack.variant)-py\(stack.python)")
    }
}

/// One GPU type of the fleet as the generators need it: the matrix's GPU name, the node label that selects
/// it and the driver its nodes run.
public struct FleetTarget: Sendable, Hashable {
    /// The GPU name as the matrix knows it.
    public var gpu: String
    /// The `nvidia.com/gpu.product` value of its nodes.
    public var product: String
    public var driver: String
    /// GPUs of this type in the fleet.
    public var count: Int
    /// An extra "key=value" node selector.
    public var nodeLabel: String?
    /// The GPU's compute capability ("9.0"), when the matrix knows it.
    public var computeCapability: String?

    public init(
        gpu: String, product: String, driver: String, count: Int = 1, nodeLabel: String? = nil,
        computeCapability: String? = nil
    ) {
        self.gpu = gpu
        self.product = product
        self.driver = driver
        self.count = count
        self.nodeLabel = nodeLabel
        self.computeCapability = computeCapability
    }

    /// A short slug for job names: product, driver major and the node label's value ("tesla-t4-470-pool-t4").
    public var slug: String { slug(fullDriver: false) }

    /// The slug with the whole driver version, for fleets that list one GPU with two drivers of one major.
    public func slug(fullDriver: Bool) -> String {
        var parts = [product, "r" + (fullDriver ? driver : driverMajor)]
        if let nodeLabel, let value = nodeLabel.split(separator: "=").last { parts.append(String(value)) }
        return FleetNaming.slug(parts.joined(separator: "-"))
    }

    /// The driver's major version ("550"), as GPU Feature Discovery's `nvidia.com/cuda.driver.major` label.
    public var driverMajor: String {
        String(driver.prefix(while: { $0 != "." }))
    }

    /// The fleet entry as a target, with the product label GPU Feature Discovery derives from the name
    /// unless the entry overrides it.
    public init(_ entry: FleetWorkspace.GPUType, computeCapability: String? = nil) {
        self.init(
            gpu: entry.gpu, product: entry.product ?? FleetNaming.productLabel(forGPUName: entry.gpu),
            driver: entry.driver, count: entry.count, nodeLabel: entry.nodeLabel, computeCapability: computeCapability)
    }
}
