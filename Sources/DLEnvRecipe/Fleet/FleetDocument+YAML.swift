extension FleetDocument {
    /// Block-style YAML with two-space indentation and one trailing newline. Strings are written plain only
    /// when no YAML 1.1 or 1.2 reader could take them for another type ("550", "1.0", "yes", "null"), and
    /// as literal blocks when they span lines.
    public func yaml() -> String {
        var lines: [String] = []
        switch self {
        case .object(let pairs) where !pairs.isEmpty: FleetDocument.writeObject(pairs, indent: "", into: &lines)
        case .array(let items) where !items.isEmpty: FleetDocument.writeArray(items, indent: "", into: &lines)
        default: lines.append(inlineYAML())
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var isCollection: Bool {
        switch self {
        case .object(let pairs): !pairs.isEmpty
        case .array(let items): !items.isEmpty
        default: false
        }
    }

    private static func writeObject(_ pairs: [(String, FleetDocument)], indent: String, into lines: inout [String]) {
        for (key, value) in pairs {
            let k = yamlScalar(key)
            switch value {
            case .object(let inner) where !inner.isEmpty:
                lines.append("\(indent)\(k):")
                writeObject(inner, indent: indent + "  ", into: &lines)
            case .array(let items) where !items.isEmpty:
                lines.append("\(indent)\(k):")
                writeArray(items, indent: indent + "  ", into: &lines)
            case .string(let s) where s.contains("\n"):
                lines.append("\(indent)\(k): \(s.hasSuffix("\n") ? "|" : "|-")")
                appendBlock(s, indent: indent + "  ", into: &lines)
            default:
                lines.append("\(indent)\(k): \(value.inlineYAML())")
            }
        }
    }

    private static func writeArray(_ items: [FleetDocument], indent: String, into lines: inout [String]) {
        for item in items {
            switch item {
            case .object(let inner) where !inner.isEmpty:
                // The first key shares the dash's line; the rest align under it.
                var nested: [String] = []
                writeObject(inner, indent: indent + "  ", into: &nested)
                let first = nested[0].dropFirst(indent.count + 2)
                lines.append("\(indent)- \(first)")
                lines.append(contentsOf: nested.dropFirst())
            case .array(let inner) where !inner.isEmpty:
                lines.append("\(indent)-")
                writeArray(inner, indent: indent + "  ", into: &lines)
            case .string(let s) where s.contains("\n"):
                lines.append("\(indent)- \(s.hasSuffix("\n") ? "|" : "|-")")
                appendBlock(s, indent: indent + "  ", into: &lines)
            default:
                lines.append("\(indent)- \(item.inlineYAML())")
            }
        }
    }

    private static func appendBlock(_ s: String, indent: String, into lines: inout [String]) {
        var body = Substring(s)
        if body.hasSuffix("\n") { body = body.dropLast() }
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(line.isEmpty ? "" : indent + line)
        }
    }

    /// A scalar or an empty collection on one line.
    func inlineYAML() -> String {
        switch self {
        case .string(let s): FleetDocument.yamlScalar(s)
        case .int(let i): String(i)
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .array: "[]"
        case .object: "{}"
        }
    }

    /// Words YAML 1.1 resolvers read as booleans or null (the Kubernetes and GitHub parsers differ).
    private static let reservedWords: Set<String> = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    ]

    /// A string as a plain scalar when that is unambiguous, else double-quoted with JSON escapes (a valid
    /// YAML double-quoted scalar).
    static func yamlScalar(_ s: String) -> String {
        guard let first = s.first, let last = s.last else { return "\"\"" }
        let safeCharacters = s.allSatisfy { c in
            c.isASCII && (c.isLetter || c.isNumber || " ._/-:@$(){}+=,".contains(c))
        }
        let plain =
            safeCharacters && first.isLetter && last != ":" && last != " " && !s.contains(": ")
            && !s.contains(" #") && !reservedWords.contains(s.lowercased()) && !s.contains("${{")
        return plain ? s : jsonQuoted(s)
    }
}
