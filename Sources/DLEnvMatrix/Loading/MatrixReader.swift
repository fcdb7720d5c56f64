import DLEnvCore
import Yams

/// Reads one matrix file: parses the YAML, checks types and keys, and collects every problem as a diagnostic
/// with file:line:column (never stops at the first one).
final class MatrixReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func error(_ message: String, at node: Node?, remedy: String? = nil) {
        let fix = remedy ?? "see the schema of this key in matrices/README.md"
        diagnostics.append(Diagnostic(.error, message, at: location(node), remedy: fix))
    }

    func warning(_ message: String, at node: Node?, remedy: String? = nil) {
        diagnostics.append(Diagnostic(.warning, message, at: location(node), remedy: remedy))
    }

    /// The document's root, or nil with a diagnostic for malformed YAML.
    func root(_ text: String) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text, .basic) else {
                diagnostics.append(
                    Diagnostic(
                        .error, "the file is empty", at: SourceLocation(file: file, line: 1, column: 1),
                        remedy: "start the file with 'schema: 1' (see matrices/README.md)"))
                return nil
            }
            return node
        } catch let error as YamlError {
            diagnostics.append(Self.diagnostic(for: error, file: file))
            return nil
        } catch {
            diagnostics.append(Diagnostic(.error, "cannot parse YAML: \(error)", at: SourceLocation(file: file)))
            return nil
        }
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        let remedy = "fix the YAML syntax at this position (indentation, quotes, a missing ':')"
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "malformed YAML: \(problem)"
            if let context { message += " (\(context.text))" }
            return Diagnostic(
                .error, message, at: SourceLocation(file: file, line: mark.line, column: mark.column), remedy: remedy)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(
                .error, "duplicate key '\(duplicates.joined(separator: "', '"))' in one mapping",
                at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                remedy: "keep one of the entries and delete the other")
        default:
            return Diagnostic(.error, "cannot parse YAML: \(error)", at: SourceLocation(file: file), remedy: remedy)
        }
    }

    /// Reads a mapping: reports a wrong type, unknown keys (with the closest allowed key) and missing required keys.
    func fields(_ node: Node?, _ what: String, allowed: [String], required: [String]) -> Fields? {
        guard let node else { return nil }
        guard case .mapping(let mapping) = node else {
            error("\(what) must be a mapping (key: value lines), not \(Self.kind(node))", at: node)
            return nil
        }
        var values: [String: (key: Node, value: Node)] = [:]
        var order: [String] = []
        for (key, value) in mapping {
            guard case .scalar(let k) = key else {
                error("\(what) has a key that is not a plain name", at: key, remedy: "keys are plain words")
                continue
            }
            guard allowed.contains(k.string) else {
                let hint = closest(to: k.string, in: allowed, limit: 1).first.map { "did you mean '\($0)'? " } ?? ""
                error(
                    "unknown key '\(k.string)' in \(what)", at: key,
                    remedy: "\(hint)allowed keys: \(allowed.joined(separator: ", "))")
                continue
            }
            values[k.string] = (key, value)
            order.append(k.string)
        }
        for key in required where values[key] == nil || Self.isNull(values[key]!.value) {
            error(
                "\(what) is missing the required key '\(key)'", at: node,
                remedy: "add '\(key):' (see matrices/README.md)")
        }
        return Fields(reader: self, node: node, what: what, values: values)
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar(let s): isNull(node) ? "null" : "the scalar '\(s.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any else { return false }
        return s.string == "null" || s.string == "~" || s.string == "" || s.string == "Null" || s.string == "NULL"
    }
}

/// The keys of one mapping, read with type checks. Each accessor reports a wrong type and returns nil.
struct Fields {
    let reader: MatrixReader
    let node: Node
    let what: String
    let values: [String: (key: Node, value: Node)]

    func has(_ key: String) -> Bool { values[key] != nil }

    /// Reports each of `keys` that is absent or null, naming the entry by `what`.
    func require(_ keys: [String]) {
        for key in keys where values[key] == nil || MatrixReader.isNull(values[key]!.value) {
            reader.error(
                "\(what) is missing the required key '\(key)'", at: node,
                remedy: "add '\(key):' (see matrices/README.md)")
        }
    }
    func keyNode(_ key: String) -> Node? { values[key]?.key }
    func valueNode(_ key: String) -> Node? {
        guard let v = values[key]?.value, !MatrixReader.isNull(v) else { return nil }
        return v
    }

    /// A string. Plain numbers are refused where `quotedNumbers` is set: YAML reads 3.10 as the number 3.1.
    func string(_ key: String, versionLike: Bool = false) -> String? {
        guard let node = valueNode(key) else { return nil }
        return Self.string(node, key: key, in: what, reader: reader, versionLike: versionLike)
    }

    static func string(_ node: Node, key: String, in what: String, reader: MatrixReader, versionLike: Bool) -> String? {
        guard case .scalar(let s) = node else {
            reader.error("'\(key)' in \(what) must be a string, not \(MatrixReader.kind(node))", at: node)
            return nil
        }
        if versionLike, s.style == .plain, Double(s.string) != nil || Int(s.string) != nil {
            reader.error(
                "'\(key)' in \(what) is the number \(s.string); versions must be quoted strings", at: node,
                remedy: "write \"\(s.string)\" in quotes (YAML reads 3.10 as the number 3.1)")
            return nil
        }
        if s.style == .plain, s.string == "true" || s.string == "false" {
            reader.error("'\(key)' in \(what) must be a string, not the boolean \(s.string)", at: node)
            return nil
        }
        return s.string
    }

    /// A version ("12.4.1"); malformed text is reported.
    func version(_ key: String) -> Version? {
        guard let node = valueNode(key), let text = string(key, versionLike: true) else { return nil }
        guard let v = Version(text), v.local == nil else {
            reader.error(
                "'\(key)' in \(what): '\(text)' is not a version", at: node,
                remedy: "write a dotted version such as \"12.4\" or \"2.4.1\"")
            return nil
        }
        return v
    }

    /// An optional boolean.
    func bool(_ key: String) -> Bool? {
        guard let node = valueNode(key) else { return nil }
        guard case .scalar(let s) = node, s.style == .plain, s.string == "true" || s.string == "false" else {
            reader.error("'\(key)' in \(what) must be true or false, not \(MatrixReader.kind(node))", at: node)
            return nil
        }
        return s.string == "true"
    }

    /// An integer.
    func int(_ key: String) -> Int? {
        guard let node = valueNode(key) else { return nil }
        guard case .scalar(let s) = node, s.style == .plain, let value = Int(s.string) else {
            reader.error("'\(key)' in \(what) must be a whole number, not \(MatrixReader.kind(node))", at: node)
            return nil
        }
        return value
    }

    /// A list's items.
    func sequence(_ key: String) -> [Node]? {
        guard let node = valueNode(key) else { return nil }
        guard case .sequence(let seq) = node else {
            reader.error(
                "'\(key)' in \(what) must be a list, not \(MatrixReader.kind(node))", at: node,
                remedy: "write a list: \(key): [a, b] or one '- item' per line")
            return nil
        }
        return Array(seq)
    }

    /// A list of strings; each item is type-checked and duplicates are reported.
    func strings(_ key: String, versionLike: Bool = false) -> [(String, Node)]? {
        guard let items = sequence(key) else { return nil }
        var result: [(String, Node)] = []
        var seen: Set<String> = []
        for item in items {
            guard let s = Self.string(item, key: key, in: what, reader: reader, versionLike: versionLike) else {
                continue
            }
            if !seen.insert(s).inserted {
                reader.error("'\(s)' appears twice in '\(key)' of \(what)", at: item, remedy: "delete the repeat")
                continue
            }
            result.append((s, item))
        }
        return result
    }

    /// `source`, `verified`, `note`, `disputes` of an entry (every entry needs the first two).
    func provenance() -> Provenance {
        let source = string("source") ?? ""
        var verified = Verification.secondary
        if let text = string("verified") {
            if let v = Verification(rawValue: text) {
                verified = v
            } else {
                reader.error(
                    "'verified' in \(what) is '\(text)'", at: valueNode("verified"),
                    remedy: "use one of: \(Verification.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        var disputes: [Dispute] = []
        for item in sequence("disputes") ?? [] {
            let keys = ["field", "value", "source", "why_not"]
            guard let f = reader.fields(item, "a dispute of \(what)", allowed: keys, required: keys) else { continue }
            guard let field = f.string("field"), let value = f.string("value"), let source = f.string("source"),
                let whyNot = f.string("why_not")
            else { continue }
            disputes.append(Dispute(field: field, value: value, source: source, whyNot: whyNot))
        }
        return Provenance(
            source: source, verified: verified, note: string("note"), disputes: disputes,
            location: reader.location(node))
    }

    /// The keys every entry carries.
    static let provenanceKeys = ["source", "verified", "note", "disputes"]
}
