import DLEnvCore
import DLEnvMatrix
import Yams

/// A declared fleet for `dlenv check --profile fleet.yaml`: the oldest driver in the fleet and its GPUs.
///
///     # fleet.yaml
///     os: linux                 # optional: linux (default) or windows
///     driver: 535.104.05        # the oldest NVIDIA driver on any machine
///     gpus: [NVIDIA A100-SXM4-80GB, "8.6", sm_90]    # names, compute capabilities or gfx targets
///
/// `gpus` may also be a block list ("- NVIDIA L4") or a single value. Read with Yams; every problem is a
/// diagnostic naming its file and line, and all of them are reported at once.
public struct FleetProfile: Sendable, Hashable {
    public var os: HostFacts.OS
    /// The oldest driver, as written.
    public var driver: String?
    /// The GPUs, each identified through the matrix (a name gives its compute capability).
    public var gpus: [GPURequirement]

    public init(os: HostFacts.OS = .linux, driver: String? = nil, gpus: [GPURequirement] = []) {
        self.os = os
        self.driver = driver
        self.gpus = gpus
    }

    /// The profile as the facts `check` judges a stack against (every fact's source is "declared").
    public var facts: HostFacts {
        HostFacts(
            os: os,
            gpus: gpus.map { gpu in
                HostFacts.GPU(
                    index: gpu.index, name: gpu.name, computeCapability: gpu.computeCapability?.description,
                    gfx: gpu.gfx, source: "declared")
            },
            driver: driver.map { HostFacts.Driver(version: $0, source: "declared") })
    }

    static let keys = ["os", "driver", "gpus"]
    static let keyRemedy = "write os:, driver: and gpus: lines"
    static let gpusExample = "write gpus: [A100, \"8.6\"]"

    /// Reads a profile; bad input (not YAML, unknown or repeated keys, values of the wrong kind, unknown GPUs)
    /// throws every problem found.
    public static func parse(_ text: String, file: String, matrix: CompatibilityMatrix) throws(DiagnosticsError)
        -> FleetProfile
    {
        var reader = Reader(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw DiagnosticsError(reader.syntax(error, text: text))
        } catch {
            throw DiagnosticsError(Diagnostic(.error, "cannot read \(file): \(error)", at: SourceLocation(file: file)))
        }
        var profile = FleetProfile()
        var gpuItems: [(text: String, node: Node)] = []
        switch root {
        case nil: break
        case .mapping(let mapping)?:
            for (keyNode, value) in mapping {
                guard let key = keyNode.scalar?.string else {
                    reader.error("expected 'key: value'", at: keyNode, remedy: keyRemedy)
                    continue
                }
                switch key {
                case "os": if let os = reader.os(value) { profile.os = os }
                case "driver": profile.driver = reader.driver(value)
                case "gpus": gpuItems = reader.gpuItems(value)
                default:
                    let near = closest(to: key, in: keys, limit: 1)
                    reader.error(
                        "unknown key '\(key)'", at: keyNode,
                        remedy: near.isEmpty ? "the keys are os, driver and gpus" : "did you mean '\(near[0])'?")
                }
            }
        case .sequence(let sequence)?:
            reader.error("a list item outside 'gpus:'", at: sequence.first ?? root, remedy: "list GPUs under 'gpus:'")
        case let other?:
            reader.error("expected 'key: value'", at: other, remedy: keyRemedy)
        }
        for (index, item) in gpuItems.enumerated() {
            if let gpu = reader.gpu(item.text, index: index, at: item.node, matrix: matrix) { profile.gpus.append(gpu) }
        }
        guard reader.diagnostics.isEmpty else { throw DiagnosticsError(reader.diagnostics) }
        return profile
    }

    /// Collects the problems of one file, each at its line.
    struct Reader {
        let file: String
        var diagnostics: [Diagnostic] = []

        init(file: String) { self.file = file }

        mutating func error(_ message: String, at node: Node?, remedy: String) {
            diagnostics.append(
                Diagnostic(.error, message, at: SourceLocation(file: file, line: node?.mark?.line), remedy: remedy))
        }

        /// A scalar's text ("" for an empty value), or nil (with a problem) for a list or a mapping.
        mutating func scalar(_ node: Node, _ message: String, remedy: String) -> String? {
            guard let scalar = node.scalar else {
                error(message, at: node, remedy: remedy)
                return nil
            }
            return scalar.string.trimmingSpaces
        }

        mutating func os(_ node: Node) -> HostFacts.OS? {
            let remedy = "write os: linux"
            guard let text = scalar(node, "os must be one value, linux or windows", remedy: remedy) else { return nil }
            guard let os = HostFacts.OS(rawValue: text.lowercased()), os != .macos else {
                error("os '\(text)' is not linux or windows", at: node, remedy: remedy)
                return nil
            }
            return os
        }

        mutating func driver(_ node: Node) -> String? {
            let remedy = "write the oldest driver in the fleet, e.g. driver: 535.104.05"
            guard let text = scalar(node, "driver must be one version", remedy: remedy) else { return nil }
            guard Version(text) != nil else {
                error("driver '\(text)' is not a version", at: node, remedy: remedy)
                return nil
            }
            return text
        }

        /// The GPU entries with their nodes: a list, one value, or nothing (`gpus:` alone).
        mutating func gpuItems(_ node: Node) -> [(text: String, node: Node)] {
            if let scalar = node.scalar {
                let text = scalar.string.trimmingSpaces
                return text.isEmpty || (scalar.style == .plain && node.null != nil) ? [] : [(text, node)]
            }
            guard let sequence = node.sequence else {
                error("gpus must be a list", at: node, remedy: FleetProfile.gpusExample)
                return []
            }
            var items: [(text: String, node: Node)] = []
            for item in sequence {
                guard
                    let text = scalar(
                        item, "an item of gpus must be a GPU name or a compute capability",
                        remedy: FleetProfile.gpusExample)
                else { continue }
                if !text.isEmpty { items.append((text, item)) }
            }
            return items
        }

        /// A GPU as `--gpu` reads it: a compute capability ("8.6", "sm_86", "sm86"), a gfx target, or a name from gpus.yaml.
        mutating func gpu(_ text: String, index: Int, at node: Node, matrix: CompatibilityMatrix) -> GPURequirement? {
            // The one GPU grammar (DLEnvCore.GPUToken), as --gpu and dlenv.yaml read it.
            guard let gpu = matrix.gpuRequirement(text, index: index) else {
                let near = matrix.closestGPUNames(to: text)
                error(
                    "unknown GPU '\(text)'", at: node,
                    remedy: near.isEmpty
                        ? "pass the name nvidia-smi prints, or a compute capability such as 8.6 (dlenv matrix list gpu)"
                        : "did you mean \(near.map { "'\($0)'" }.joined(separator: ", "))? A compute capability such as 8.6 also works"
                )
                return nil
            }
            return gpu
        }

        /// A YAML error at the line it names. The two mistakes a flat file invites keep their own words: a line
        /// without a colon, and an unclosed `[`.
        func syntax(_ error: YamlError, text: String) -> Diagnostic {
            let at = { (line: Int?) in SourceLocation(file: file, line: line) }
            switch error {
            case .duplicatedKeysInMapping(let duplicates, let context):
                let key = duplicates.sorted().first ?? ""
                return Diagnostic(
                    .error, "duplicate key '\(key)'", at: at(context.mark.line), remedy: "keep one '\(key)'")
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                // libyaml reports a missing ':' or ']' where it gave up (the next line, the end of the file); the
                // context mark is where the key or the list began.
                let line = context?.mark.line ?? mark.line
                if problem.contains("could not find expected ':'") {
                    return Diagnostic(.error, "expected 'key: value'", at: at(line), remedy: FleetProfile.keyRemedy)
                }
                if context?.text.contains("flow sequence") == true {
                    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                    let key = line > 0 && line <= lines.count ? lines[line - 1].prefix { $0 != ":" && $0 != "[" } : ""
                    let name = String(key).trimmingSpaces
                    return Diagnostic(
                        .error, name.isEmpty ? "unclosed '['" : "unclosed '[' in \(name)", at: at(line),
                        remedy: FleetProfile.gpusExample)
                }
                return Diagnostic(.error, "YAML syntax: \(problem)", at: at(mark.line), remedy: FleetProfile.keyRemedy)
            default:
                return Diagnostic(.error, "YAML syntax: \(error)", at: at(nil), remedy: FleetProfile.keyRemedy)
            }
        }
    }
}
