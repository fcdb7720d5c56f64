import DLEnvCore
import Yams

/// Reads `dlenv.yaml` text into a `Spec`. Every problem is collected (unknown keys with "did you mean",
/// wrong types, unsafe strings) with its file:line:column; the first failure does not hide the others.
public enum SpecParser {
    /// Parses and validates a spec. `file` is the name used in diagnostics.
    public static func parse(_ text: String, file: String = "dlenv.yaml") throws(DiagnosticsError) -> Spec {
        var reader = SpecReader(file: file)
        // A UTF-8 byte order mark is accepted, as the matrix loader accepts one.
        let spec = reader.read(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        if let spec, reader.diagnostics.isEmpty { return spec }
        if reader.diagnostics.isEmpty {
            throw DiagnosticsError(Diagnostic(.error, "\(file) is not a dlenv spec", at: SourceLocation(file: file)))
        }
        throw DiagnosticsError(reader.diagnostics)
    }
}

/// The stateful half of `SpecParser`: walks the YAML node tree and records diagnostics.
struct SpecReader {
    let file: String
    var diagnostics: [Diagnostic] = []
    var locations: [String: SourceLocation] = [:]

    init(file: String) { self.file = file }

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    mutating func error(_ message: String, _ node: Node?, remedy: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, at: location(node), remedy: remedy))
    }

    mutating func read(_ text: String) -> Spec? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let yaml as YamlError {
            diagnostics.append(Self.diagnostic(for: yaml, file: file))
            return nil
        } catch {
            diagnostics.append(Diagnostic(.error, "cannot read YAML: \(error)", at: SourceLocation(file: file)))
            return nil
        }
        guard let root, case .mapping(let mapping) = root else {
            error(
                "a spec is a mapping of keys such as name, torch and python", root,
                remedy: "start with 'name: my-project'")
            return nil
        }
        let entries = keyed(mapping, allowed: SpecSchema.topLevel, path: "")
        var spec = Spec(name: "")
        guard let nameNode = entries["name"] else {
            error("missing key 'name'", root, remedy: "add 'name: my-project' (lowercase letters, digits, . _ -)")
            return nil
        }
        spec.name = guarded(nameNode, field: "name", kind: .projectName) ?? ""
        if let node = entries["python"], let text = guarded(node, field: "python", kind: .pythonVersion) {
            spec.python = Version(text)
        }
        if let node = entries["torch"] { spec.torch = versionSpec(node, field: "torch") ?? .any }
        if let node = entries["torchvision"] { spec.torchvision = companion(node, field: "torchvision") }
        if let node = entries["torchaudio"] { spec.torchaudio = companion(node, field: "torchaudio") }
        if let node = entries["accelerator"] {
            spec.accelerator = guarded(node, field: "accelerator", kind: .accelerator) ?? "auto"
        }
        if let node = entries["target"] { spec.target = target(node) }
        if let node = entries["system_packages"] {
            spec.systemPackages = list(node, field: "system_packages", kind: .debianPackage)
        }
        if let node = entries["python_packages"] {
            spec.pythonPackages = list(node, field: "python_packages", kind: .requirement)
            checkTorchNotInPackages(spec.pythonPackages, node)
        }
        if let node = entries["requirements"] {
            spec.requirements = guarded(node, field: "requirements", kind: .relativePath)
        }
        if let node = entries["index"] { spec.index = index(node) }
        if let node = entries["env"] { spec.env = env(node) }
        if let node = entries["workdir"] {
            spec.workdir = guarded(node, field: "workdir", kind: .absolutePath) ?? spec.workdir
        }
        if let node = entries["user"] { spec.user = user(node) ?? spec.user }
        if let node = entries["copy"] { spec.copy = copy(node) }
        if let node = entries["run"] { spec.run = list(node, field: "run", kind: .shellCommand) }
        if let node = entries["entrypoint"] { spec.entrypoint = list(node, field: "entrypoint", kind: .execArgument) }
        if let node = entries["cmd"] { spec.cmd = list(node, field: "cmd", kind: .execArgument) }
        if let node = entries["verify"] {
            if case .scalar(let s) = node, s.string.lowercased() == "runtime" {
                spec.runtimeCheck = true
            } else {
                spec.verify = bool(node, field: "verify", alternatives: "true, false or runtime") ?? true
            }
        }
        if let node = entries["build_extensions"] {
            spec.buildExtensions = bool(node, field: "build_extensions") ?? false
        }
        spec.locations = locations
        return spec
    }

    // MARK: Mappings and keys

    /// The mapping's entries by key; unknown and duplicate keys become diagnostics.
    mutating func keyed(_ mapping: Node.Mapping, allowed: [String], path: String) -> [String: Node] {
        var out: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                error("keys must be plain words", keyNode)
                continue
            }
            let key = scalar.string
            let full = path.isEmpty ? key : "\(path).\(key)"
            guard allowed.contains(key) else {
                let suggestions = closest(to: key, in: allowed)
                let remedy =
                    suggestions.isEmpty
                    ? "known keys\(path.isEmpty ? "" : " of '\(path)'"): \(allowed.joined(separator: ", "))"
                    : "did you mean '\(suggestions[0])'?"
                error("unknown key '\(full)'", keyNode, remedy: remedy)
                continue
            }
            if out[key] != nil {
                error("duplicate key '\(full)'", keyNode, remedy: "keep one '\(key)' entry")
                continue
            }
            out[key] = value
            locations[full] = location(value)
        }
        return out
    }

    // MARK: Scalars

    /// The scalar's text, or a diagnostic when the node is a list or mapping.
    mutating func scalar(_ node: Node, field: String) -> String? {
        guard case .scalar(let s) = node else {
            error("'\(field)' must be a single value, not a list or mapping", node)
            return nil
        }
        return s.string
    }

    /// The scalar's text after the injection and grammar checks for `kind`.
    mutating func guarded(_ node: Node, field: String, kind: FieldGuard.Kind) -> String? {
        guard let text = scalar(node, field: field) else { return nil }
        locations[field] = location(node)
        if let problem = FieldGuard.check(text, as: kind, field: field, at: location(node)) {
            diagnostics.append(problem)
            return nil
        }
        return text
    }

    mutating func bool(_ node: Node, field: String, alternatives: String = "true or false") -> Bool? {
        guard let text = scalar(node, field: field) else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            error("'\(field)' must be \(alternatives), not '\(TextSafety.printable(text, limit: 64))'", node)
            return nil
        }
    }

    mutating func integer(_ node: Node, field: String) -> Int? {
        guard let text = scalar(node, field: field) else { return nil }
        guard let value = Int(text), value > 0, value < 2_147_483_647 else {
            error("'\(field)' must be a positive number, not '\(text)'", node, remedy: "write e.g. 10001")
            return nil
        }
        return value
    }

    mutating func versionSpec(_ node: Node, field: String) -> VersionSpec? {
        guard let text = guarded(node, field: field, kind: .versionSpec) else { return nil }
        do {
            return try VersionSpec(parsing: text)
        } catch {
            var at = location(node)
            if case .malformed(_, _, let column) = error, let c = at.column { at.column = c + column - 1 }
            diagnostics.append(Diagnostic(.error, "'\(field)': \(error)", at: at, remedy: error.remedy))
            return nil
        }
    }

    mutating func companion(_ node: Node, field: String) -> Spec.Companion {
        guard let text = scalar(node, field: field) else { return .auto }
        switch text.lowercased() {
        case "auto", "": return .auto
        case "none", "false": return .none
        default: return versionSpec(node, field: field).map { .spec($0) } ?? .auto
        }
    }

    // MARK: Lists

    /// A list of guarded strings; each item's location is recorded as `field[i]`.
    mutating func list(_ node: Node, field: String, kind: FieldGuard.Kind) -> [String] {
        guard case .sequence(let sequence) = node else {
            error("'\(field)' must be a list", node, remedy: "write one item per line, each starting with '- '")
            return []
        }
        var out: [String] = []
        for (i, item) in sequence.enumerated() {
            if let text = guarded(item, field: "\(field)[\(i)]", kind: kind) { out.append(text) }
        }
        return out
    }

    mutating func checkTorchNotInPackages(_ packages: [String], _ node: Node) {
        for (i, line) in packages.enumerated() {
            guard let requirement = PythonRequirement(line) else { continue }
            let key = requirement.normalizedName
            if ["torch", "torchvision", "torchaudio"].contains(key) {
                let item: Node? = node.sequence.map { Array($0)[i] }
                error(
                    "field 'python_packages[\(i)]': \(key) is chosen by dlenv from its compatibility matrix", item,
                    remedy: "set it with the '\(key)' key (a version spec) instead")
            }
        }
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return Diagnostic(
                .error, "invalid YAML: \(problem)",
                at: SourceLocation(file: file, line: mark.line, column: mark.column),
                remedy: "fix the YAML syntax at this position")
        case .reader(let problem, let offset, let value, let yaml):
            // libyaml's reader refuses bytes it cannot read (C0/C1 controls, a BOM inside): locate the offset.
            let bytes = Array(yaml.utf8.prefix(max(0, offset ?? 0)))
            let line = bytes.filter { $0 == 0x0A }.count + 1
            let lineStart = (bytes.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
            let column = String(decoding: bytes[lineStart...], as: UTF8.self).unicodeScalars.count + 1
            let character = Unicode.Scalar(UInt32(max(0, value))).map { " (\(TextSafety.codePoint($0)))" } ?? ""
            return Diagnostic(
                .error, "invalid YAML: \(problem)\(character)",
                at: SourceLocation(file: file, line: line, column: column),
                remedy: "remove the character (YAML and dlenv refuse control characters in a spec)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(
                .error, "duplicate key \(keys)",
                at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                remedy: "keep one entry per key")
        default:
            return Diagnostic(.error, "invalid YAML: \(error)", at: SourceLocation(file: file))
        }
    }
}
