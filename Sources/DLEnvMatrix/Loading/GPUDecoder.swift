import DLEnvCore
import Yams

/// Decodes `matrices/gpus.yaml` (schema in matrices/README.md), reporting every problem.
enum GPUDecoder {
    static let nvidiaKeys =
        ["name", "compute_capability", "architecture", "aliases", "platform"] + Fields.provenanceKeys
    static let amdKeys = ["name", "gfx", "architecture", "aliases"] + Fields.provenanceKeys

    static func decode(_ root: Node, reader: MatrixReader) -> (architectures: [GPUArchitecture], gpus: [GPUModel]) {
        guard
            let top = reader.fields(
                root, "gpus.yaml", allowed: ["schema", "architectures", "gpus", "amd"],
                required: ["schema", "architectures", "gpus"])
        else { return ([], []) }
        SchemaCheck.check(top, reader: reader)
        var architectures: [GPUArchitecture] = []
        for node in top.sequence("architectures") ?? [] {
            guard
                let f = reader.fields(
                    node, "an architecture", allowed: ["name", "vendor", "compute_capabilities"],
                    required: ["name", "vendor"]),
                let name = f.string("name"), let vendorText = f.string("vendor")
            else { continue }
            guard let vendor = GPUVendor(rawValue: vendorText) else {
                reader.error(
                    "vendor '\(vendorText)' of architecture \(name) is not nvidia or amd", at: f.valueNode("vendor"))
                continue
            }
            if architectures.contains(where: { $0.name == name }) {
                reader.error("architecture \(name) is listed twice", at: node, remedy: "delete the repeat")
                continue
            }
            let ccs = (f.strings("compute_capabilities", versionLike: true) ?? []).compactMap { text, n in
                let cc = ComputeCapability(text)
                if cc == nil { reader.error("'\(text)' is not a compute capability (X.Y)", at: n) }
                return cc
            }
            architectures.append(GPUArchitecture(name: name, vendor: vendor, computeCapabilities: ccs))
        }
        var gpus: [GPUModel] = []
        var names: [String: Int] = [:]
        func add(_ gpu: GPUModel, node: Node) {
            for n in [gpu.name] + gpu.aliases {
                if let line = names[n.lowercased()] {
                    reader.error(
                        "GPU name or alias '\(n)' is already used (line \(line))", at: node,
                        remedy: "each name and alias may name one GPU model only")
                }
                names[n.lowercased()] = gpu.provenance.location.line ?? 0
            }
            gpus.append(gpu)
        }
        let archNames = architectures.map(\.name)
        for node in top.sequence("gpus") ?? [] {
            guard
                let f0 = reader.fields(
                    node, "a GPU", allowed: nvidiaKeys,
                    required: ["name"]),
                let name = f0.string("name")
            else { continue }
            let f = Fields(reader: reader, node: node, what: "GPU \(name)", values: f0.values)
            f.require(["compute_capability", "architecture", "source", "verified"])
            guard let ccText = f.string("compute_capability", versionLike: true) else { continue }
            guard let cc = ComputeCapability(ccText), ccText.contains(".") else {
                reader.error(
                    "compute_capability of \(f.what) is '\(ccText)', not X.Y", at: f.valueNode("compute_capability"))
                continue
            }
            let arch = f.string("architecture") ?? ""
            if let a = architectures.first(where: { $0.name == arch }) {
                if !a.computeCapabilities.isEmpty, !a.computeCapabilities.contains(cc) {
                    reader.error(
                        "\(f.what) has capability \(cc), which architecture \(arch) does not span",
                        at: f.valueNode("compute_capability"),
                        remedy: "\(arch) spans \(a.computeCapabilities.map(\.description).joined(separator: ", "))")
                }
            } else if !arch.isEmpty {
                let hint = closest(to: arch, in: archNames, limit: 1).first.map { "did you mean '\($0)'? " } ?? ""
                reader.error(
                    "\(f.what) names architecture '\(arch)', which is not listed", at: f.valueNode("architecture"),
                    remedy: "\(hint)add it under architectures")
            }
            let platform = f.string("platform")
            if let platform, platform != "aarch64" {
                reader.error(
                    "platform of \(f.what) is '\(platform)'", at: f.valueNode("platform"),
                    remedy: "write platform: aarch64 for GPUs that only come in ARM systems, or leave it out")
            }
            let model = GPUModel(
                name: name, vendor: .nvidia, computeCapability: cc, gfx: nil, architecture: arch,
                aliases: (f.strings("aliases") ?? []).map(\.0), platform: platform, provenance: f.provenance())
            add(model, node: node)
        }
        for node in top.sequence("amd") ?? [] {
            guard
                let f0 = reader.fields(
                    node, "an AMD GPU", allowed: amdKeys,
                    required: ["name", "gfx", "architecture", "source", "verified"]),
                let name = f0.string("name"), let gfx = f0.string("gfx")
            else { continue }
            let f = Fields(reader: reader, node: node, what: "GPU \(name)", values: f0.values)
            if !gfx.hasPrefix("gfx") {
                reader.error(
                    "gfx of \(f.what) is '\(gfx)', not a gfx target", at: f.valueNode("gfx"),
                    remedy: "write e.g. gfx90a")
            }
            let arch = f.string("architecture") ?? ""
            if !archNames.contains(arch) {
                reader.error(
                    "\(f.what) names architecture '\(arch)', which is not listed", at: f.valueNode("architecture"),
                    remedy: "add it under architectures")
            }
            let model = GPUModel(
                name: name, vendor: .amd, computeCapability: nil, gfx: gfx, architecture: arch,
                aliases: (f.strings("aliases") ?? []).map(\.0), provenance: f.provenance())
            add(model, node: node)
        }
        return (architectures, gpus)
    }
}
