import DLEnvCore
import DLEnvMatrix
import Yams

extension FailureCatalogue {
    /// Parses and validates a catalogue; every problem comes back as a diagnostic with file:line:column and a fix
    /// (never only the first one). The catalogue holds whatever could be read.
    public static func validate(text: String, file: String = "matrices/failures.yaml") -> (
        catalogue: FailureCatalogue, diagnostics: [Diagnostic]
    ) {
        let decoder = CatalogueDecoder(file: file)
        let catalogue = decoder.decode(text)
        let diagnostics = decoder.diagnostics.sorted {
            ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
        }
        return (catalogue, diagnostics)
    }

    /// Parses and validates; throws every error when any is found (warnings are dropped).
    public static func load(text: String, file: String = "matrices/failures.yaml") throws(DiagnosticsError)
        -> FailureCatalogue
    {
        let (catalogue, diagnostics) = validate(text: text, file: file)
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { throw DiagnosticsError(errors) }
        return catalogue
    }

    /// The catalogue compiled into the binary (`EmbeddedCatalogue.swift`, written by scripts/embed-failures.sh).
    public static func embedded() throws(DiagnosticsError) -> FailureCatalogue {
        try load(text: EmbeddedCatalogue.text, file: EmbeddedCatalogue.name)
    }

    /// The embedded catalogue's text (for tests and `--check-catalogue`).
    public static var embeddedText: String { EmbeddedCatalogue.text }
}

/// Reads failures.yaml: types, keys, pattern syntax, the facts each pattern captures against the facts the entry
/// declares, the fix vocabulary and the sources.
final class CatalogueDecoder {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func error(_ message: String, at node: Node?, remedy: String = "see matrices/README.md (failures.yaml)") {
        diagnostics.append(Diagnostic(.error, message, at: location(node), remedy: remedy))
    }

    func decode(_ text: String) -> FailureCatalogue {
        let empty = FailureCatalogue(context: [], entries: [])
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text, .basic) else {
                diagnostics.append(
                    Diagnostic(
                        .error, "the file is empty", at: SourceLocation(file: file, line: 1, column: 1),
                        remedy: "start the file with 'schema: 1'"))
                return empty
            }
            root = node
        } catch {
            diagnostics.append(Diagnostic(.error, "cannot parse YAML: \(error)", at: SourceLocation(file: file)))
            return empty
        }
        guard let top = mapping(root, "the file", allowed: ["schema", "context", "failures"], required: ["schema"])
        else { return empty }
        if let schema = top["schema"], case .scalar(let s) = schema, s.string == "1" {
        } else {
            error("'schema' must be 1", at: top["schema"] ?? root, remedy: "write 'schema: 1' first")
        }
        var context: [ContextPattern] = []
        for item in sequence(top["context"], "context") {
            guard
                let f = mapping(
                    item, "a context pattern", allowed: ["match", "source"], required: ["match", "source"])
            else { continue }
            guard let pattern = pattern(f["match"]), let source = string(f["source"], "source") else { continue }
            for (name, _) in pattern.captures where name != "_" && !KnownFact.context.contains(name) {
                error(
                    "context pattern captures '\(name)', which is not an environment fact", at: f["match"],
                    remedy: "context facts are \(KnownFact.context.sorted().joined(separator: ", "))")
            }
            checkKinds(pattern, at: f["match"])
            context.append(ContextPattern(pattern: pattern, source: source))
        }
        var entries: [FailureEntry] = []
        var ids: Set<String> = []
        let failures = sequence(top["failures"], "failures")
        if failures.isEmpty { error("the catalogue has no failures", at: top["failures"] ?? root) }
        for item in failures {
            guard let entry = entry(item) else { continue }
            if !ids.insert(entry.id).inserted {
                error("duplicate failure id '\(entry.id)'", at: item, remedy: "give each entry its own id")
                continue
            }
            entries.append(entry)
        }
        return FailureCatalogue(context: context, entries: entries)
    }

    static let entryKeys = [
        "id", "title", "cause", "patterns", "facts", "fixes", "sources", "verified", "note",
    ]

    func entry(_ node: Node) -> FailureEntry? {
        let required = ["id", "title", "cause", "patterns", "fixes", "sources", "verified"]
        guard let f = mapping(node, "a failure", allowed: Self.entryKeys, required: required) else { return nil }
        guard let id = string(f["id"], "id") else { return nil }
        let what = "failure '\(id)'"
        if !id.allSatisfy({ ($0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }) || id.hasPrefix("-") {
            error("\(what): the id must be lower-case words joined by '-'", at: f["id"])
        }
        let title = string(f["title"], "title") ?? ""
        let cause = string(f["cause"], "cause") ?? ""
        var patterns: [EntryPattern] = []
        var patternNodes: [Node] = []
        for item in sequence(f["patterns"], "patterns of \(what)") {
            var text = item
            var supporting = false
            if case .mapping = item {
                guard
                    let p = mapping(
                        item, "a pattern of \(what)", allowed: ["match", "supporting"], required: ["match"])
                else { continue }
                text = p["match"] ?? item
                if let s = p["supporting"] {
                    guard case .scalar(let b) = s, b.string == "true" || b.string == "false" else {
                        error("'supporting' in \(what) must be true or false", at: s)
                        continue
                    }
                    supporting = b.string == "true"
                }
            }
            guard let pattern = pattern(text) else { continue }
            checkKinds(pattern, at: text)
            patterns.append(EntryPattern(pattern: pattern, supporting: supporting))
            patternNodes.append(text)
        }
        if !patterns.isEmpty, patterns.allSatisfy(\.supporting) {
            error("\(what) has no trigger pattern (every pattern is supporting)", at: f["patterns"])
        }
        var facts: [String: String] = [:]
        if let node = f["facts"] {
            guard case .mapping(let m) = node else {
                error("'facts' of \(what) must be a mapping of fact name → meaning", at: node)
                return nil
            }
            for (k, v) in m {
                guard case .scalar(let key) = k, let meaning = string(v, "facts.\(key.string)") else { continue }
                facts[key.string] = meaning
            }
        }
        // Every capture is declared with its meaning, and every declared fact is captured somewhere.
        var kinds: [String: (FactValue.Kind, Node)] = [:]
        for (p, node) in zip(patterns, patternNodes) {
            for (name, type) in p.pattern.captures where name != "_" {
                if let (kind, _) = kinds[name], kind != type.kind {
                    error(
                        "\(what): '\(name)' is captured as \(kind.rawValue) and as \(type.kind.rawValue)", at: node,
                        remedy: "capture a fact with the same kind of value everywhere")
                }
                kinds[name] = kinds[name] ?? (type.kind, node)
                if facts[name] == nil {
                    error(
                        "\(what) captures '\(name)' but 'facts' does not say what it means", at: node,
                        remedy: "add '\(name): <what it means>' under facts")
                }
            }
        }
        for name in facts.keys.sorted() where kinds[name] == nil {
            error("\(what) declares the fact '\(name)' but no pattern captures it", at: f["facts"])
        }
        var fixes: [FixRecipe] = []
        for item in sequence(f["fixes"], "fixes of \(what)") {
            guard let name = string(item, "fixes") else { continue }
            guard let fix = FixRecipe(rawValue: name) else {
                let all = FixRecipe.allCases.map(\.rawValue)
                let hint = closest(to: name, in: all, limit: 1).first.map { "did you mean '\($0)'? " } ?? ""
                error(
                    "unknown fix '\(name)' in \(what)", at: item, remedy: "\(hint)fixes: \(all.joined(separator: ", "))"
                )
                continue
            }
            fixes.append(fix)
        }
        if fixes.isEmpty { error("\(what) names no fix", at: f["fixes"] ?? node) }
        var sources: [String] = []
        for item in sequence(f["sources"], "sources of \(what)") {
            guard let s = string(item, "sources") else { continue }
            if !s.hasPrefix("https://") {
                error(
                    "source '\(s)' of \(what) is not a URL", at: item,
                    remedy: "name the public thread the text was copied from (https://github.com/…/issues/N)")
            }
            sources.append(s)
        }
        if sources.isEmpty { error("\(what) names no source", at: f["sources"] ?? node) }
        var verified = Verification.secondary
        if let text = string(f["verified"], "verified") {
            if let v = Verification(rawValue: text) {
                verified = v
            } else {
                error(
                    "'verified' in \(what) is '\(text)'", at: f["verified"],
                    remedy: "use one of: \(Verification.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        return FailureEntry(
            id: id, title: title, cause: cause, patterns: patterns, facts: facts, fixes: fixes, sources: sources,
            verified: verified, note: f["note"].flatMap { string($0, "note") }, location: location(node))
    }

    /// A known fact must be captured with the kind the join reads.
    func checkKinds(_ pattern: Pattern, at node: Node?) {
        for (name, type) in pattern.captures {
            if let kind = KnownFact.kinds[name], kind != type.kind {
                error(
                    "'\(name)' is a \(kind.rawValue) fact, but {\(name):\(type.rawValue)} captures \(type.kind.rawValue)",
                    at: node, remedy: "capture it with a \(kind.rawValue) type")
            }
        }
    }

    func pattern(_ node: Node?) -> Pattern? {
        guard let node, let text = string(node, "match") else { return nil }
        do { return try Pattern(parsing: text) } catch {
            self.error(
                "pattern \"\(text)\": \(error.message) (at character \(error.offset + 1))", at: node,
                remedy: "see the pattern syntax in matrices/README.md")
            return nil
        }
    }

    // MARK: - YAML helpers

    func mapping(_ node: Node?, _ what: String, allowed: [String], required: [String]) -> [String: Node]? {
        guard let node else { return nil }
        guard case .mapping(let m) = node else {
            error("\(what) must be a mapping (key: value lines)", at: node)
            return nil
        }
        var out: [String: Node] = [:]
        for (k, v) in m {
            guard case .scalar(let key) = k else {
                error("\(what) has a key that is not a plain name", at: k)
                continue
            }
            guard allowed.contains(key.string) else {
                let hint = closest(to: key.string, in: allowed, limit: 1).first.map { "did you mean '\($0)'? " } ?? ""
                error(
                    "unknown key '\(key.string)' in \(what)", at: k,
                    remedy: "\(hint)allowed keys: \(allowed.joined(separator: ", "))")
                continue
            }
            if out[key.string] != nil {
                error("duplicate key '\(key.string)' in \(what)", at: k, remedy: "keep one of them")
            }
            out[key.string] = v
        }
        for key in required where out[key] == nil {
            error("\(what) is missing the required key '\(key)'", at: node, remedy: "add '\(key):'")
        }
        return out
    }

    func sequence(_ node: Node?, _ what: String) -> [Node] {
        guard let node else { return [] }
        guard case .sequence(let s) = node else {
            if !what.isEmpty { error("'\(what)' must be a list", at: node) }
            return []
        }
        return Array(s)
    }

    func string(_ node: Node?, _ key: String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let s) = node, !s.string.isEmpty else {
            error("'\(key)' must be a non-empty string", at: node)
            return nil
        }
        return s.string
    }
}
