import DLEnvCore
import Yams

extension FleetWorkspace {
    static let topKeys = ["projects", "fleet", "registry", "engine"]
    static let gpuKeys = ["gpu", "driver", "count", "node_label", "product"]
    static let engineKeys = ["shards", "deadline_minutes", "gpus_per_job", "bake", "kubernetes", "slurm", "github"]
    static let bakeKeys = ["platforms", "cache", "cache_mode"]
    static let kubernetesKeys = [
        "namespace", "backoff_limit", "ttl_seconds_after_finished", "tolerate_gpu_taint", "runtime_class",
    ]
    static let slurmKeys = ["partitions", "default_partition", "gres_types", "cpus_per_task", "memory"]
    static let githubKeys = ["runs_on", "max_parallel"]

    /// Parses and validates a workspace file. Every problem is collected; any error throws them all.
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - file: the name used in diagnostics ("examples/workspace/dlenv-workspace.yaml").
    public static func parse(yaml: String, file: String) throws(DiagnosticsError) -> FleetWorkspace {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw DiagnosticsError(
                    Diagnostic(
                        .error, "the workspace file is empty", at: SourceLocation(file: file, line: 1),
                        remedy: "list `projects`, `fleet` and `registry` (see docs/fleet.md)"))
            }
            root = node
        } catch let error as DiagnosticsError {
            throw error
        } catch let error as YamlError {
            throw DiagnosticsError(fleetDiagnostic(for: error, file: file))
        } catch {
            throw DiagnosticsError(Diagnostic(.error, "cannot read YAML: \(error)", at: SourceLocation(file: file)))
        }

        var reader = FleetYAMLReader(file: file)
        var workspace = FleetWorkspace(file: file, projects: [], fleet: [], registry: "")
        guard let top = reader.entries(root, "the workspace", allowed: topKeys) else {
            throw DiagnosticsError(reader.diagnostics)
        }
        var present: Set<String> = []
        for (key, node) in top {
            present.insert(key)
            switch key {
            case "projects": workspace.projects = parseProjects(node, &reader)
            case "fleet": workspace.fleet = parseFleet(node, &reader)
            case "registry":
                if let registry = reader.string(node, "registry") {
                    if let problem = registryProblem(registry) {
                        reader.error(
                            "registry '\(registry)' \(problem)", at: node,
                            remedy: "write a registry and repository prefix such as ghcr.io/acme/dlenv")
                    }
                    workspace.registry = registry
                }
            default: workspace.engine = parseEngine(node, &reader)
            }
        }
        for key in ["projects", "fleet", "registry"] where !present.contains(key) {
            reader.error(
                "the workspace has no '\(key)'", at: root,
                remedy: "add `\(key):` (see docs/fleet.md for an example workspace)")
        }
        checkSlurmGPUNames(root, workspace, &reader)
        guard reader.diagnostics.isEmpty else { throw DiagnosticsError(reader.diagnostics) }
        return workspace
    }

    private static func parseProjects(_ node: Node, _ reader: inout FleetYAMLReader) -> [ProjectReference] {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            reader.error(
                "projects must be a non-empty list of dlenv.yaml paths", at: node,
                remedy: "write `- path/to/dlenv.yaml` lines, relative to the workspace file")
            return []
        }
        var result: [ProjectReference] = []
        var seen: Set<String> = []
        for item in sequence {
            guard let path = reader.string(item, "a project path") else { continue }
            guard seen.insert(path).inserted else {
                reader.error("project '\(path)' is listed twice", at: item, remedy: "remove the second entry")
                continue
            }
            result.append(ProjectReference(path: path, location: reader.location(item)))
        }
        return result
    }

    private static func parseFleet(_ node: Node, _ reader: inout FleetYAMLReader) -> [GPUType] {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            reader.error(
                "fleet must be a non-empty list of GPU types", at: node,
                remedy: "write `- {gpu: \"NVIDIA A100-SXM4-80GB\", driver: \"550.54.15\", count: 8}`")
            return []
        }
        var result: [GPUType] = []
        var seen: Set<String> = []
        for item in sequence {
            guard let fields = reader.entries(item, "a fleet entry", allowed: gpuKeys) else { continue }
            var entry = GPUType(gpu: "", driver: "", location: reader.location(item))
            var complete = true
            for (key, value) in fields {
                switch key {
                case "gpu": entry.gpu = reader.string(value, "gpu") ?? ""
                case "driver":
                    let text = reader.string(value, "driver") ?? ""
                    if !text.isEmpty, Version(text).map({ $0.components.count >= 2 }) != true {
                        reader.error(
                            "driver '\(text)' is not a driver version", at: value,
                            remedy: "write the version nvidia-smi prints, e.g. \"550.54.15\" (quoted)")
                    }
                    entry.driver = text
                case "count": entry.count = reader.int(value, "count", in: 1...100_000) ?? 1
                case "node_label":
                    guard let label = reader.string(value, "node_label") else { break }
                    let parts = label.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    if parts.count != 2 || !FleetNaming.isLabelKey(String(parts[0]))
                        || !FleetNaming.isLabelValue(String(parts[1]))
                    {
                        reader.error(
                            "node_label '\(label)' is not a Kubernetes label selector key=value", at: value,
                            remedy: "write it as key=value, e.g. node_label: pool=h100")
                    }
                    entry.nodeLabel = label
                default:
                    guard let product = reader.string(value, "product") else { break }
                    if !FleetNaming.isLabelValue(product) {
                        reader.error(
                            "product '\(product)' is not a valid nvidia.com/gpu.product label value", at: value,
                            remedy: "use the value GPU Feature Discovery shows, e.g. NVIDIA-H100-80GB-HBM3")
                    }
                    entry.product = product
                }
            }
            for key in ["gpu", "driver"] where !fields.contains(where: { $0.key == key }) {
                reader.error("a fleet entry has no '\(key)'", at: item, remedy: "add `\(key):` to this entry")
                complete = false
            }
            guard complete, !entry.gpu.isEmpty, !entry.driver.isEmpty else { continue }
            let identity = "\(entry.gpu)|\(entry.driver)|\(entry.nodeLabel ?? "")"
            guard seen.insert(identity).inserted else {
                reader.error(
                    "GPU '\(entry.gpu)' with driver \(entry.driver) is listed twice", at: item,
                    remedy: "merge the entries and add their counts")
                continue
            }
            result.append(entry)
        }
        return result
    }

    /// `engine.slurm.partitions` and `gres_types` are keyed by the fleet's GPU names; a key that names no
    /// GPU of the fleet is a typo that would silently send jobs to the default partition.
    private static func checkSlurmGPUNames(_ root: Node, _ workspace: FleetWorkspace, _ reader: inout FleetYAMLReader) {
        let names = workspace.fleet.map(\.gpu)
        guard !names.isEmpty, let slurm = root.mapping?["engine"]?.mapping?["slurm"]?.mapping else { return }
        for section in ["partitions", "gres_types"] {
            guard let map = slurm[section]?.mapping else { continue }
            for (keyNode, _) in map {
                guard let key = keyNode.scalar?.string, !names.contains(key) else { continue }
                let near = closest(to: key, in: names, limit: 1).first
                reader.error(
                    "engine.slurm.\(section) names GPU '\(key)', which is not in the fleet", at: keyNode,
                    remedy: near.map { "did you mean '\($0)'?" } ?? "use a `gpu` value of the fleet list")
            }
        }
    }

    /// Why a registry prefix cannot prefix image tags, or nil when it can.
    static func registryProblem(_ registry: String) -> String? {
        if registry.contains("://") { return "has a scheme" }
        if registry.hasSuffix("/") || registry.hasPrefix("/") { return "begins or ends with '/'" }
        if registry.contains("@") { return "has a digest" }
        let parts = registry.split(separator: "/", omittingEmptySubsequences: false)
        if parts.dropFirst().contains(where: { $0.contains(":") }) { return "has a tag (tags are set per image)" }
        let allowed = registry.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "._-/:".contains($0)) }
        if !allowed { return "has characters an image reference cannot hold (use lowercase)" }
        if parts.contains(where: \.isEmpty) { return "has an empty path component" }
        return nil
    }

    static func fleetDiagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .reader: return SpecReader.diagnostic(for: error, file: file)
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return Diagnostic(
                .error, "YAML syntax: \(problem)", at: SourceLocation(file: file, line: mark.line, column: mark.column),
                remedy: "fix the YAML syntax at this position")
        default:
            return Diagnostic(.error, "YAML syntax: \(error)", at: SourceLocation(file: file))
        }
    }
}
