import DLEnvCore
import Yams

/// Reads typed values out of a composed YAML tree and collects every problem as a diagnostic with its
/// file:line:column, so that one run reports all mistakes of a file (DESIGN §3: errors are data).
struct FleetYAMLReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line, column: node?.mark?.column)
    }

    mutating func error(_ message: String, at node: Node?, remedy: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, at: location(node), remedy: remedy))
    }

    /// The entries of a mapping, keys as strings, in file order. Unknown keys are reported with the closest
    /// known key; duplicate keys are reported; `what` names the section in messages ("fleet entry").
    mutating func entries(_ node: Node, _ what: String, allowed: [String]) -> [(key: String, node: Node)]? {
        guard let mapping = node.mapping else {
            error("\(what) must be a mapping of keys to values", at: node, remedy: "write `key: value` lines")
            return nil
        }
        var result: [(key: String, node: Node)] = []
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                error("\(what) has a key that is not a plain name", at: keyNode)
                continue
            }
            guard allowed.contains(key) else {
                let near = closest(to: key, in: allowed, limit: 1)
                let remedy =
                    near.first.map { "did you mean '\($0)'?" }
                    ?? "known keys: \(allowed.joined(separator: ", "))"
                error("unknown key '\(key)' in \(what)", at: keyNode, remedy: remedy)
                continue
            }
            guard seen.insert(key).inserted else {
                error("duplicate key '\(key)' in \(what)", at: keyNode, remedy: "keep one '\(key)'")
                continue
            }
            result.append((key, value))
        }
        return result
    }

    /// A scalar as written (so "550.54.15" and "12.10" keep their text); nil (with a diagnostic) otherwise.
    mutating func string(_ node: Node, _ what: String) -> String? {
        guard let scalar = node.scalar else {
            error("\(what) must be a single value", at: node, remedy: "write it as a string, e.g. \(what): \"…\"")
            return nil
        }
        let text = fleetTrimmed(scalar.string)
        guard !text.isEmpty, node.null == nil || scalar.style != .plain else {
            error("\(what) is empty", at: node, remedy: "give \(what) a value")
            return nil
        }
        // Every workspace string may reach a generated file (YAML, shell, Dockerfile, JSON): no value may
        // carry a line break or control character, a GitHub expression, or more than a line's worth of text.
        if let bad = TextSafety.firstUnsafe(in: text) {
            error(
                "\(what) contains \(TextSafety.describe(bad.scalar)), which could start a line of its own in a "
                    + "generated file", at: node, remedy: "write the value on one line, without control characters")
            return nil
        }
        if text.contains("${{") {
            error(
                "\(what) contains a GitHub Actions expression '${{', which the workflow would evaluate", at: node,
                remedy: "write the value literally, without '${{ … }}'")
            return nil
        }
        if text.count > Self.maximumLength {
            error(
                "\(what) is \(text.count) characters long; dlenv accepts at most \(Self.maximumLength)", at: node,
                remedy: "shorten the value")
            return nil
        }
        return text
    }

    /// The longest string a workspace value may be.
    static let maximumLength = 1024

    mutating func int(_ node: Node, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard let scalar = node.scalar, scalar.style == .plain, let value = Int(scalar.string) else {
            error(
                "\(what) must be a whole number", at: node,
                remedy: "write a number between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        guard range.contains(value) else {
            error(
                "\(what) is \(value), outside \(range.lowerBound)…\(range.upperBound)", at: node,
                remedy: "use a number between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, _ what: String) -> Bool? {
        guard let scalar = node.scalar, scalar.style == .plain, scalar.string == "true" || scalar.string == "false"
        else {
            error("\(what) must be true or false", at: node, remedy: "write \(what): true")
            return nil
        }
        return scalar.string == "true"
    }

    /// One of a fixed set of words.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, as: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(node, what) else { return nil }
        if let value = T(rawValue: text) { return value }
        let names = T.allCases.map(\.rawValue)
        let near = closest(to: text, in: names, limit: 1).first
        error(
            "\(what) '\(text)' is not one of \(names.joined(separator: ", "))", at: node,
            remedy: near.map { "did you mean '\($0)'?" } ?? "use one of \(names.joined(separator: ", "))")
        return nil
    }

    /// A list of scalars (a single scalar is accepted as a list of one).
    mutating func strings(_ node: Node, _ what: String) -> [String]? {
        if node.scalar != nil { return string(node, what).map { [$0] } }
        guard let sequence = node.sequence else {
            error("\(what) must be a list", at: node, remedy: "write `- item` lines or [a, b]")
            return nil
        }
        var result: [String] = []
        for item in sequence {
            if let text = string(item, "an item of \(what)") { result.append(text) }
        }
        return result
    }

    /// A mapping of names to scalars (e.g. GPU name → Slurm partition).
    mutating func stringMap(_ node: Node, _ what: String) -> [String: String]? {
        guard let mapping = node.mapping else {
            error("\(what) must be a mapping", at: node, remedy: "write `name: value` lines")
            return nil
        }
        var result: [String: String] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string, let text = string(value, "\(what).\(key)") else { continue }
            if result[key] != nil {
                error("duplicate key '\(key)' in \(what)", at: keyNode, remedy: "keep one '\(key)'")
            }
            result[key] = text
        }
        return result
    }
}

/// The text without leading and trailing whitespace.
func fleetTrimmed(_ text: String) -> String {
    var s = Substring(text)
    while let c = s.first, c.isWhitespace { s = s.dropFirst() }
    while let c = s.last, c.isWhitespace { s = s.dropLast() }
    return String(s)
}
