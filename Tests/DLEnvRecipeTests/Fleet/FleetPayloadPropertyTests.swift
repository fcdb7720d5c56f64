import DLEnvCore
import Foundation
import Testing
import Yams

@testable import DLEnvRecipe

/// Issue #19's property for the fleet generators: every payload class in every workspace field (and in the
/// workspace's file name) is refused with a located message, or the plan's files keep their structure: each
/// sbatch script passes `bash -n` with the same lines and `#SBATCH` directives, each YAML file reads back
/// (Yams) to the same tree of keys, docker-bake.json and plan.json read back as JSON.
@Suite(.serialized) struct FleetPayloadPropertyTests {
    static let base = """
        projects: [vision/dlenv.yaml]
        registry: ghcr.io/acme/dlenv
        fleet:
          - {gpu: NVIDIA H100 80GB HBM3, driver: "550.54.15", count: 8, node_label: pool=h100, product: NVIDIA-H100}
          - {gpu: Tesla T4, driver: "470.82.01", count: 2}
        engine:
          shards: 2
          bake: {platforms: [linux/amd64]}
          kubernetes: {namespace: ml, runtime_class: nvidia}
          slurm:
            partitions: {NVIDIA H100 80GB HBM3: h100}
            default_partition: gpu
            gres_types: {NVIDIA H100 80GB HBM3: h100}
            memory: 64G
          github: {runs_on: [self-hosted, gpu]}
        """

    /// A field: its name and the line of `base` whose valid value the payload extends.
    static let fields: [(name: String, valid: String)] = [
        ("registry", "ghcr.io/acme/dlenv"), ("fleet.gpu", "Tesla T4"), ("fleet.driver", "470.82.01"),
        ("fleet.node_label", "pool=h100"), ("fleet.product", "NVIDIA-H100"), ("namespace", "ml"),
        ("runtime_class", "nvidia"), ("platforms", "linux/amd64"), ("partition", ": h100}"),
        ("default_partition", "gpu"), ("memory", "64G"), ("runs_on", "gpu]"), ("project", "vision/dlenv.yaml"),
    ]

    /// `base` with the first occurrence of the field's valid value replaced by a quoted payload-bearing value.
    static func workspace(_ field: (name: String, valid: String), _ payload: String) -> String {
        let (value, suffix): (String, String) =
            field.valid.hasPrefix(": ")
            ? (String(field.valid.dropFirst(2).dropLast()), "}")
            : field.valid.hasSuffix("]") ? (String(field.valid.dropLast()), "]") : (field.valid, "")
        let quoted = PayloadPropertyTests.q(value + payload)
        let range = Self.base.range(of: field.valid)!
        return Self.base.replacingCharacters(
            in: range, with: (field.valid.hasPrefix(": ") ? ": " : "") + quoted + suffix)
    }

    /// The plan files for a parsed workspace, around the fixtures' images (no resolver needed).
    static func files(_ ws: FleetWorkspace, file: String) -> [FleetFile] {
        let fixture = FleetFixtures.plan(shards: ws.engine.shards)
        let targets = ws.fleet.map { FleetTarget($0) }
        let image = FleetImage.name(for: FleetFixtures.cu124)
        let pairs = targets.indices.map {
            FleetPlan.Pair(project: "vision", target: $0, outcome: .planned(image: image))
        }
        let plan = FleetPlan(
            workspace: file, registry: ws.registry, engine: ws.engine, images: [fixture.images[0]], targets: targets,
            pairs: pairs)
        return plan.files(planDirectory: "plan")
    }

    /// What a file's consumer reads: YAML/JSON as its tree of keys, sbatch as its directives and line count.
    static func shape(_ file: FleetFile) throws -> String {
        if file.path.hasSuffix(".yaml") || file.path.hasSuffix(".yml") || file.path.hasSuffix(".json") {
            func keys(_ node: Node, _ prefix: String) -> [String] {
                switch node {
                case .mapping(let m):
                    return m.flatMap { k, v in
                        [prefix + "/" + (k.string ?? "?")] + keys(v, prefix + "/" + (k.string ?? "?"))
                    }
                case .sequence(let s): return s.enumerated().flatMap { keys($1, prefix + "[\($0)]") }
                default: return []
                }
            }
            guard let node = try Yams.compose(yaml: file.contents) else { return "empty" }
            return keys(node, "").joined(separator: "\n")
        }
        if file.path.hasSuffix(".sbatch") {
            let lines = file.contents.split(separator: "\n", omittingEmptySubsequences: false)
            let directives = lines.filter { $0.hasPrefix("#SBATCH") }.map { $0.prefix(while: { $0 != "=" }) }
            return "\(lines.count) lines; " + directives.joined(separator: " ")
        }
        return "\(file.contents.split(separator: "\n", omittingEmptySubsequences: false).count) lines"
    }

    @Test func everyWorkspaceFieldRefusesOrKeepsTheStructure() throws {
        let baselineWorkspace = try FleetWorkspace.parse(yaml: Self.base, file: "ws.yaml")
        let baseline = Self.files(baselineWorkspace, file: "ws.yaml")
        let baseShapes = try Dictionary(uniqueKeysWithValues: baseline.map { ($0.path, try Self.shape($0)) })
        var accepted = 0, refused = 0
        for field in Self.fields {
            for p in PayloadPropertyTests.payloads {
                let id = "\(field.name) / \(p.name)"
                let ws: FleetWorkspace
                do {
                    ws = try FleetWorkspace.parse(yaml: Self.workspace(field, p.text), file: "ws.yaml")
                } catch {
                    refused += 1
                    #expect(error.diagnostics.allSatisfy { $0.location?.line != nil }, "\(id): \(error.diagnostics)")
                    continue
                }
                accepted += 1
                try Self.checkShapes(Self.files(ws, file: "ws.yaml"), baseShapes, id)
            }
        }
        // The workspace's own file name is the user's text too: it only ever appears in comments and JSON.
        for p in PayloadPropertyTests.payloads where p.text.count < 1000 {
            try Self.checkShapes(
                Self.files(baselineWorkspace, file: "ws" + p.text + ".yaml"), baseShapes, "file / \(p.name)")
        }
        #expect(refused > 0 && accepted > 0, "refused \(refused), accepted \(accepted)")
    }

    static func checkShapes(_ files: [FleetFile], _ base: [String: String], _ id: String) throws {
        #expect(Set(files.map(\.path)) == Set(base.keys), "\(id): other files")
        for file in files {
            #expect(try shape(file) == base[file.path], "\(id): \(file.path) reads back differently")
            if file.path.hasSuffix(".sbatch") {
                #expect(try FleetShell.syntaxOK(file.contents), "\(id): bash -n refuses \(file.path)")
            }
        }
    }
}
