import DLEnvCore
import Yams

/// Decodes `matrices/images.yaml` (schema in matrices/README.md), reporting every problem.
enum ImageDecoder {
    static let imageKeys =
        ["cuda", "cudnn_tag", "cudnn", "flavors", "cudnn_flavors", "os", "cudnn_os", "status", "eol"]
        + Fields.provenanceKeys
    static let flavors = ["base", "runtime", "devel"]

    static func decode(_ root: Node, reader: MatrixReader) -> (images: [BaseImage], policy: Provenance?) {
        guard
            let top = reader.fields(
                root, "images.yaml", allowed: ["schema", "policy", "images"], required: ["schema", "images"])
        else { return ([], nil) }
        SchemaCheck.check(top, reader: reader)
        let policy = top.valueNode("policy").flatMap {
            reader.fields($0, "policy", allowed: Fields.provenanceKeys, required: ["note", "source", "verified"])
        }.map { $0.provenance() }
        var images: [BaseImage] = []
        for node in top.sequence("images") ?? [] {
            guard
                let f0 = reader.fields(
                    node, "an image entry", allowed: imageKeys,
                    required: ["cuda"]),
                let cuda = f0.version("cuda")
            else { continue }
            let f = Fields(reader: reader, node: node, what: "image \(cuda)", values: f0.values)
            f.require(["os", "status", "source", "verified"])
            if cuda.components.count != 3 {
                reader.error(
                    "image cuda '\(cuda)' must be a full X.Y.Z release", at: f.valueNode("cuda"),
                    remedy: "nvidia/cuda tags start with the full toolkit version, e.g. 12.4.1")
            }
            if images.contains(where: { $0.cuda == cuda }) {
                reader.error("image \(cuda) is listed twice", at: node, remedy: "merge the entries")
                continue
            }
            let cudnnTag = f.string("cudnn_tag")
            if let cudnnTag,
                !(cudnnTag == "cudnn" || (cudnnTag.hasPrefix("cudnn") && Int(cudnnTag.dropFirst(5)) != nil))
            {
                reader.error(
                    "cudnn_tag '\(cudnnTag)' of \(f.what) is not cudnn, cudnn8 or cudnn9", at: f.valueNode("cudnn_tag"))
            }
            func flavorList(_ key: String, default value: [String]) -> [String] {
                guard f.has(key) else { return value }
                return (f.strings(key) ?? []).compactMap { text, n in
                    guard flavors.contains(text) else {
                        reader.error(
                            "'\(text)' in \(key) of \(f.what) is not base, runtime or devel", at: n,
                            remedy: "nvidia/cuda has the flavours base, runtime and devel")
                        return nil
                    }
                    return text
                }
            }
            let os = (f.strings("os") ?? []).map(\.0)
            let cudnnOS = f.has("cudnn_os") ? (f.strings("cudnn_os") ?? []).map(\.0) : os
            for extra in cudnnOS where !os.contains(extra) {
                reader.error(
                    "cudnn_os of \(f.what) lists \(extra), which is not in its os list", at: f.valueNode("cudnn_os"))
            }
            let statusText = f.string("status") ?? "unknown"
            let status = ImageStatus(rawValue: statusText)
            if status == nil {
                reader.error(
                    "status '\(statusText)' of \(f.what) is unknown", at: f.valueNode("status"),
                    remedy: "use one of: \(ImageStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let eol = f.string("eol"), !TorchDecoder.isDate(eol) {
                reader.error(
                    "eol of \(f.what) is '\(eol)', not a date", at: f.valueNode("eol"), remedy: "write YYYY-MM-DD")
            }
            images.append(
                BaseImage(
                    cuda: cuda, cudnnTag: cudnnTag, cudnn: f.string("cudnn", versionLike: true),
                    flavors: flavorList("flavors", default: flavors),
                    cudnnFlavors: flavorList("cudnn_flavors", default: ["runtime", "devel"]), os: os, cudnnOS: cudnnOS,
                    status: status ?? .unknown, eol: f.string("eol"), provenance: f.provenance()))
        }
        return (images, policy)
    }
}
