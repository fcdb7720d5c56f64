/// An ordered JSON/YAML value: the generators build one and render it as JSON (bake, plan.json) or YAML
/// (Kubernetes, GitHub Actions). Keys keep the order they were built in, so every output is deterministic.
public indirect enum FleetDocument: Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([FleetDocument])
    case object([(String, FleetDocument)])

    public static func == (a: FleetDocument, b: FleetDocument) -> Bool { a.json() == b.json() }
    public func hash(into hasher: inout Hasher) { hasher.combine(json()) }

    /// An object from pairs, leaving out nil values.
    public static func fields(_ pairs: [(String, FleetDocument?)]) -> FleetDocument {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    /// Strings as a JSON array.
    public static func strings(_ values: [String]) -> FleetDocument { .array(values.map { .string($0) }) }

    /// A string map with keys sorted.
    public static func sortedMap(_ map: [String: String]) -> FleetDocument {
        .object(map.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
    }

    /// Looks a key up in an object.
    public subscript(key: String) -> FleetDocument? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// Pretty JSON with two-space indentation and one trailing newline.
    public func json() -> String {
        var out = ""
        writeJSON(into: &out, indent: "")
        return out + "\n"
    }

    private func writeJSON(into out: inout String, indent: String) {
        switch self {
        case .string(let s): out += FleetDocument.jsonQuoted(s)
        case .int(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += indent + "  "
                item.writeJSON(into: &out, indent: indent + "  ")
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let pairs):
            if pairs.isEmpty {
                out += "{}"
                return
            }
            out += "{\n"
            for (i, (key, value)) in pairs.enumerated() {
                out += indent + "  " + FleetDocument.jsonQuoted(key) + ": "
                value.writeJSON(into: &out, indent: indent + "  ")
                out += i == pairs.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }

    /// A JSON string literal (RFC 8259 escapes; "/" is left alone; C1 controls, U+2028/2029 and U+FEFF as
    /// `\uXXXX` too: YAML 1.1 breaks lines at NEL and the separators). One escaper for every generated file.
    static func jsonQuoted(_ s: String) -> String { DockerfileSyntax.jsonString(s) }
}
