import DLEnvCore
import DLEnvMatrix

/// What the text is joined with: the matrix, the host (a probe or a saved report; nil to explain the text alone)
/// and the interpreter whose torch is the environment.
public struct ExplainContext: Sendable {
    public var matrix: CompatibilityMatrix
    public var host: HostFacts?
    public var hostSource: String?
    /// The interpreter chosen with `--python` (its probed torch is the environment); nil: the first probed
    /// interpreter that has torch.
    public var python: String?

    public init(matrix: CompatibilityMatrix, host: HostFacts? = nil, hostSource: String? = nil, python: String? = nil) {
        self.matrix = matrix
        self.host = host
        self.hostSource = hostSource
        self.python = python
    }
}

/// Joins a scan with the host, the environment and the matrix: for each failure found, the facts (the log's first,
/// then the derived ones), the torch build in question, the links of that build that fail here, and the fixes of
/// the entry's recipes, best first.
public enum Explainer {
    public static func explain(
        _ scan: ScanResult, input: InputSummary, catalogue: FailureCatalogue, context: ExplainContext
    ) -> Explanation {
        var matches: [FailureMatch] = []
        for hit in scan.hits {
            let entry = catalogue.entries[hit.entry]
            var join = Join(entry: entry, facts: hit.facts, log: scan.contextFacts, context: context)
            join.derive()
            join.run()
            matches.append(
                FailureMatch(
                    id: entry.id, title: entry.title, cause: entry.cause, facts: join.facts, evidence: hit.evidence,
                    matchedLines: hit.matchedLines, build: join.build, links: join.links, fixes: join.fixes,
                    notes: join.notes, sources: entry.sources))
        }
        return Explanation(
            matches: matches, logFacts: scan.contextFacts, logEvidence: scan.contextEvidence, host: context.host,
            hostSource: context.hostSource, input: input)
    }

    /// Scans a text and explains it (for tests and callers that hold the text already).
    public static func explain(
        text: String, catalogue: FailureCatalogue, context: ExplainContext, limits: ScanLimits = .standard
    ) throws(InputError) -> Explanation {
        let (scan, summary) = try LogInput.text(text).scan(catalogue: catalogue, limits: limits)
        return explain(scan, input: summary, catalogue: catalogue, context: context)
    }
}

/// The join for one match.
struct Join {
    let entry: FailureEntry
    var facts: Facts
    let log: Facts
    let context: ExplainContext
    var notes: [MatchNote] = []
    var links: [ChainLink] = []
    var build: Build?
    var fixes: [ExplainFix] = []

    init(entry: FailureEntry, facts: Facts, log: Facts, context: ExplainContext) {
        self.entry = entry
        self.facts = facts
        self.log = log
        self.context = context
    }

    var matrix: CompatibilityMatrix { context.matrix }
    var host: HostFacts { context.host ?? HostFacts() }
    var os: HostFacts.OS { host.os == .macos ? .linux : host.os }

    /// The match's own fact, else the log's.
    func fact(_ name: String) -> FactValue? { facts[name] ?? log[name] }

    /// The interpreter whose torch is the environment.
    var environmentPython: HostFacts.Python? {
        if let path = context.python { return host.pythons.first { $0.path == path } }
        return host.pythons.first { $0.torch != nil }
    }

    // MARK: - Derived facts

    /// Facts the matrix adds to the log's: the driver range a CUDA version implies, a GPU's capability and
    /// architecture, the memory other processes hold, the driver a required CUDA needs.
    mutating func derive() {
        if let cuda = facts["driver_cuda"]?.version, let range = driverRange(cuda: cuda) {
            facts["driver_floor"] = .version(range.floor)
            facts["driver_branch"] = .text("R\(range.floor.major)")
            if let ceiling = range.ceiling { facts["driver_ceiling"] = .version(ceiling) }
        }
        if facts["gpu_capability"] == nil, let name = facts["gpu_name"]?.text, let model = matrix.gpu(named: name),
            let cc = model.computeCapability
        {
            facts["gpu_capability"] = .capability(cc)
        }
        if let cc = facts["gpu_capability"]?.capability, let arch = matrix.architecture(of: cc) {
            facts["gpu_architecture"] = .text(arch)
        }
        if let total = facts["total_bytes"]?.bytes, let free = facts["free_bytes"]?.bytes,
            let process = facts["process_bytes"]?.bytes, total - free - process > 0
        {
            facts["other_processes_bytes"] = .bytes(total - free - process)
        }
        if let need = facts["required_cuda"]?.version,
            let floor = matrix.cudaRelease(Version(need.majorMinor) ?? need)?.minDriver.floor(for: os)
        {
            facts["required_driver"] = .version(floor)
        }
    }

    /// A driver reports CUDA X.Y from the first driver of toolkit X.Y (its GA release's own minimum) up to the
    /// first driver of the next toolkit minor.
    func driverRange(cuda: Version) -> (floor: Version, ceiling: Version?)? {
        guard let floor = matrix.cudaRelease(Version(cuda.majorMinor) ?? cuda)?.minDriver.floor(for: os) else {
            return nil
        }
        let next = matrix.toolkits.filter { $0.version > cuda }.min { $0.version < $1.version }
        return (floor, next?.ga?.minDriver.floor(for: os))
    }

    // MARK: - The request and the build

    /// The host as the resolver sees it, with the log's facts over the host's where the log names them (the log
    /// is the failing machine's).
    mutating func request() -> ResolveRequest {
        var r = ResolveRequest(host: host)
        if let v = environmentPython?.version.flatMap(Version.init) { r.python = Version(v.majorMinor) }
        if let driver = fact("driver")?.version {
            if let have = r.driver, have != driver {
                note(.logOverridesHost(fact: "driver", log: driver.text, host: have.text))
            }
            r.driver = driver
        } else if let cuda = facts["driver_cuda"]?.version, let floor = facts["driver_floor"]?.version {
            let hostCUDA = host.driver?.cudaVersion.flatMap(Version.init)
            if r.driver == nil || hostCUDA.map({ $0.majorMinor != cuda.majorMinor }) ?? true {
                if let have = r.driver {
                    note(.logOverridesHost(fact: "driver", log: "CUDA \(cuda.text)", host: have.text))
                }
                note(.driverFromCUDA(cuda: cuda.majorMinor, driver: floor.text))
                r.driver = floor
            }
        }
        if let cc = fact("gpu_capability")?.capability {
            let index = fact("gpu_index")?.int ?? 0
            let name = fact("gpu_name")?.text.flatMap { matrix.gpu(named: $0)?.name }
            let requirement = GPURequirement(index: index, name: name, computeCapability: cc)
            if let hostGPU = r.gpus.first(where: { $0.index == index }), let hc = hostGPU.computeCapability, hc != cc {
                note(.logOverridesHost(fact: "gpu_capability", log: cc.description, host: hc.description))
            }
            r.gpus = [requirement]
        }
        return r
    }

    /// The torch build in question: the one the log names, else the environment's.
    func failingBuild() -> Build? {
        if let t = fact("torch")?.version {
            let torch = HostFacts.Torch(version: t.text, cuda: fact("torch_cuda")?.version?.text)
            if let (v, variant) = matrix.wheel(of: torch) { return Build(torch: v, variant: variant, source: .log) }
        }
        if let p = environmentPython, let t = p.torch, let (v, variant) = matrix.wheel(of: t) {
            return Build(torch: v, variant: variant, source: .python(p.path))
        }
        return nil
    }

    mutating func note(_ n: MatchNote) {
        if !notes.contains(n) { notes.append(n) }
    }

    mutating func add(_ fix: ExplainFix) {
        if !fixes.contains(fix) { fixes.append(fix) }
    }

    /// Runs the entry's recipes in order. The build is looked for only by the recipes that start from one.
    mutating func run() {
        var request = request()
        let usesBuild: Set<FixRecipe> = [.stack, .cudaBuild, .pairTorchvision, .driverForToolkit]
        if entry.fixes.contains(where: usesBuild.contains) { build = failingBuild() }
        for recipe in entry.fixes { apply(recipe, request: &request) }
        rankByFacts()
    }

    /// The one ranking the facts decide: when torch holds more reserved-but-unallocated memory than the failed
    /// allocation asked, fragmentation is the likely cause and expandable segments come before a smaller batch.
    mutating func rankByFacts() {
        guard let held = facts["reserved_unallocated_bytes"]?.bytes, let asked = facts["requested_bytes"]?.bytes,
            held >= asked,
            let segments = fixes.firstIndex(where: { $0.kind == FixRecipe.expandableSegments.rawValue }),
            let batch = fixes.firstIndex(where: { $0.kind == FixRecipe.reduceBatchSize.rawValue }), batch < segments
        else { return }
        fixes.insert(fixes.remove(at: segments), at: batch)
    }
}
