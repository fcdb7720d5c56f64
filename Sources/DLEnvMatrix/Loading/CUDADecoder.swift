import DLEnvCore
import Yams

/// Decodes `matrices/cuda.yaml` (schema in matrices/README.md), reporting every problem.
enum CUDADecoder {
    static let majorKeys = ["major", "minor_version_min_driver"] + Fields.provenanceKeys
    static let toolkitKeys = ["version", "compute_capabilities", "releases"] + Fields.provenanceKeys
    static let releaseKeys = ["version", "label", "min_driver"] + Fields.provenanceKeys

    static func decode(_ root: Node, reader: MatrixReader) -> (majors: [CUDAMajor], toolkits: [CUDAToolkit]) {
        guard
            let top = reader.fields(
                root, "cuda.yaml", allowed: ["schema", "majors", "toolkits"],
                required: ["schema", "majors", "toolkits"])
        else { return ([], []) }
        SchemaCheck.check(top, reader: reader)
        var majors: [CUDAMajor] = []
        for node in top.sequence("majors") ?? [] {
            guard
                let f = reader.fields(
                    node, "a CUDA major", allowed: majorKeys, required: ["major", "source", "verified"]),
                let major = f.int("major")
            else { continue }
            let g = Fields(reader: reader, node: node, what: "CUDA major \(major)", values: f.values)
            if majors.contains(where: { $0.major == major }) {
                reader.error("CUDA major \(major) is listed twice", at: node, remedy: "delete the repeat")
                continue
            }
            let floor = g.valueNode("minor_version_min_driver").flatMap {
                driverFloor($0, what: "minor_version_min_driver of CUDA \(major)", reader: reader)
            }
            majors.append(CUDAMajor(major: major, minorVersionMinDriver: floor, provenance: g.provenance()))
        }
        var toolkits: [CUDAToolkit] = []
        for node in top.sequence("toolkits") ?? [] {
            guard
                let f = reader.fields(
                    node, "a CUDA toolkit", allowed: toolkitKeys,
                    required: ["version", "compute_capabilities", "releases", "source", "verified"]),
                let version = f.version("version")
            else { continue }
            let g = Fields(reader: reader, node: node, what: "CUDA \(version)", values: f.values)
            if version.components.count != 2 {
                reader.error(
                    "toolkit version '\(version)' must be a minor (X.Y)", at: g.valueNode("version"),
                    remedy: "list updates such as \(version) under the minor's releases")
            }
            if toolkits.contains(where: { $0.version == version }) {
                reader.error("CUDA \(version) is listed twice", at: node, remedy: "delete the repeat")
                continue
            }
            var ccs: [ComputeCapability] = []
            for (text, n) in g.strings("compute_capabilities", versionLike: true) ?? [] {
                guard let cc = ComputeCapability(text), text.contains(".") else {
                    reader.error(
                        "'\(text)' in compute_capabilities of CUDA \(version) is not X.Y", at: n,
                        remedy: "write capabilities like \"8.6\"")
                    continue
                }
                ccs.append(cc)
            }
            var releases: [CUDARelease] = []
            for r in g.sequence("releases") ?? [] {
                guard
                    let rf = reader.fields(
                        r, "a release of CUDA \(version)", allowed: releaseKeys,
                        required: ["version", "label", "min_driver", "source", "verified"]),
                    let rv = rf.version("version")
                else { continue }
                let h = Fields(reader: reader, node: r, what: "CUDA \(rv)", values: rf.values)
                if rv.major != version.major || rv.minor != version.minor {
                    reader.error(
                        "CUDA \(rv) is listed under toolkit \(version)", at: h.valueNode("version"),
                        remedy: "move it under toolkit \(rv.majorMinor)")
                }
                if releases.contains(where: { $0.version == rv && $0.version.text == rv.text }) {
                    reader.error("CUDA \(rv) is listed twice", at: r, remedy: "delete the repeat")
                    continue
                }
                guard let dn = h.valueNode("min_driver"),
                    let floor = driverFloor(dn, what: "min_driver of CUDA \(rv)", reader: reader)
                else { continue }
                releases.append(
                    CUDARelease(
                        version: rv, label: h.string("label") ?? "", minDriver: floor, provenance: h.provenance()))
            }
            toolkits.append(
                CUDAToolkit(version: version, computeCapabilities: ccs, releases: releases, provenance: g.provenance()))
        }
        return (majors, toolkits)
    }

    static func driverFloor(_ node: Node, what: String, reader: MatrixReader) -> DriverFloor? {
        guard let f = reader.fields(node, what, allowed: ["linux", "windows"], required: ["linux"]) else { return nil }
        return DriverFloor(linux: f.version("linux"), windows: f.version("windows"))
    }
}
