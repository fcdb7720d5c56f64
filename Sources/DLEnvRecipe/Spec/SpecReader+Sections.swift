import DLEnvCore
import Yams

/// The nested sections of `dlenv.yaml`: target, index, env, user, copy.
extension SpecReader {
    mutating func mapping(_ node: Node, field: String, allowed: [String]) -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            error("'\(field)' must be a mapping with keys \(allowed.joined(separator: ", "))", node)
            return [:]
        }
        return keyed(mapping, allowed: allowed, path: field)
    }

    mutating func target(_ node: Node) -> Spec.Target {
        let entries = mapping(node, field: "target", allowed: SpecSchema.target)
        var target = Spec.Target()
        if let driver = entries["driver"], let text = guarded(driver, field: "target.driver", kind: .driverVersion) {
            target.driver = Version(text)
        }
        if let gpus = entries["gpus"] { target.gpus = list(gpus, field: "target.gpus", kind: .gpu) }
        return target
    }

    mutating func index(_ node: Node) -> Spec.Index {
        let entries = mapping(node, field: "index", allowed: SpecSchema.index)
        var index = Spec.Index()
        if let n = entries["pytorch"] { index.pytorch = guarded(n, field: "index.pytorch", kind: .url) }
        if let n = entries["pypi"] { index.pypi = guarded(n, field: "index.pypi", kind: .url) }
        if let n = entries["python"] { index.python = guarded(n, field: "index.python", kind: .url) }
        if let n = entries["registry"] { index.registry = guarded(n, field: "index.registry", kind: .registry) }
        return index
    }

    mutating func env(_ node: Node) -> [Spec.EnvironmentVariable] {
        guard case .mapping(let mapping) = node else {
            error("'env' must be a mapping of NAME: value", node)
            return []
        }
        var out: [Spec.EnvironmentVariable] = []
        var seen: Set<String> = []
        for (i, (keyNode, valueNode)) in mapping.enumerated() {
            guard let key = scalar(keyNode, field: "env") else { continue }
            let field = "env.\(key)"
            if let problem = FieldGuard.check(key, as: .envKey, field: "env[\(i)] key", at: location(keyNode)) {
                diagnostics.append(problem)
                continue
            }
            guard seen.insert(key).inserted else {
                error("duplicate key '\(field)'", keyNode)
                continue
            }
            if let value = guarded(valueNode, field: field, kind: .envValue) {
                out.append(Spec.EnvironmentVariable(key: key, value: value))
            }
        }
        return out
    }

    /// `user: alice`, `user: 1000` or `user: {name: alice, uid: 1000, gid: 1000}`.
    mutating func user(_ node: Node) -> Spec.User? {
        if case .scalar(let s) = node {
            if let uid = Int(s.string) {
                guard uid > 0 else {
                    error("'user' must not be root (uid 0)", node, remedy: "use a uid such as 10001")
                    return nil
                }
                return Spec.User(uid: uid)
            }
            return guarded(node, field: "user", kind: .userName).map { Spec.User(name: $0) }
        }
        let entries = mapping(node, field: "user", allowed: SpecSchema.user)
        var user = Spec.User()
        if let n = entries["name"], let name = guarded(n, field: "user.name", kind: .userName) { user.name = name }
        if let n = entries["uid"], let uid = integer(n, field: "user.uid") {
            user.uid = uid
            user.gid = uid
        }
        if let n = entries["gid"], let gid = integer(n, field: "user.gid") { user.gid = gid }
        return user
    }

    /// `copy: [".", "src", {src: weights/, dest: /models/}]`.
    mutating func copy(_ node: Node) -> [Spec.CopyItem] {
        guard case .sequence(let sequence) = node else {
            error("'copy' must be a list of paths or {src, dest} mappings", node)
            return []
        }
        var out: [Spec.CopyItem] = []
        for (i, item) in sequence.enumerated() {
            let field = "copy[\(i)]"
            if case .scalar = item {
                if let source = guarded(item, field: field, kind: .relativePath) {
                    // A glob names several files: they go into the working directory, not to a path named "a*".
                    let destination = source == "." || source.contains("*") ? "./" : source
                    out.append(Spec.CopyItem(source: source, destination: source == "." ? "." : destination))
                }
                continue
            }
            let entries = mapping(item, field: field, allowed: SpecSchema.copyItem)
            guard let srcNode = entries["src"] else {
                error("'\(field)' needs 'src'", item, remedy: "write {src: path/in/project, dest: /path/in/image}")
                continue
            }
            let source = guarded(srcNode, field: "\(field).src", kind: .relativePath)
            let destination = entries["dest"].flatMap { guarded($0, field: "\(field).dest", kind: .imagePath) }
            if let source, source.contains("*"), let destination, !destination.hasSuffix("/") {
                error(
                    "'\(field).dest' must be a folder ending in '/': the glob '\(source)' copies several files",
                    entries["dest"], remedy: "write dest: \(destination)/")
                continue
            }
            if let source {
                let fallback = source.contains("*") ? "./" : source
                out.append(Spec.CopyItem(source: source, destination: destination ?? fallback))
            }
        }
        return out
    }
}
