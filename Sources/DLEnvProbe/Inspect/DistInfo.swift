import DLEnvCore

/// The files of a `*.dist-info` folder (PyPA "Recording installed projects"; core metadata 2.x): the folder name,
/// METADATA's headers, RECORD's paths. Pure and total: garbled input gives what can be read.
public enum DistInfo {
    /// METADATA's header fields that dlenv uses.
    public struct Metadata: Sendable, Hashable {
        public var name: String?
        public var version: String?
        public var requiresDist: [String]
        public var requiresPython: String?
    }

    /// "torchvision-0.28.0+cu130.dist-info" → ("torchvision", "0.28.0+cu130"); nil for other names.
    public static func folder(_ name: String) -> (name: String, version: String)? {
        guard name.hasSuffix(".dist-info") else { return nil }
        let stem = name.dropLast(".dist-info".count)
        guard let dash = stem.firstIndex(of: "-") else { return nil }
        let n = String(stem[..<dash]), v = String(stem[stem.index(after: dash)...])
        guard !n.isEmpty, !v.isEmpty else { return nil }
        return (Distribution.normalise(n), v)
    }

    /// The header block of METADATA (RFC 822 style: "Key: value" lines, continuation lines indented, the body
    /// after the first empty line ignored).
    public static func metadata(_ text: String) -> Metadata {
        var m = Metadata(name: nil, version: nil, requiresDist: [], requiresPython: nil)
        var fields: [(String, String)] = []
        // Only the header block is split into lines (torch's METADATA carries a long description after it).
        let header = text.firstRange(of: "\n\n").map { text[..<$0.lowerBound] } ?? text[...]
        for line in TextScan.lines(String(header)) {
            if line.isEmpty || line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { break }
            if line.first == " " || line.first == "\t" {
                if !fields.isEmpty { fields[fields.count - 1].1 += " " + TextScan.trim(line) }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields.append(
                (
                    String(line[..<colon]).lowercased(),
                    TextScan.trim(String(line[line.index(after: colon)...]))
                ))
        }
        for (key, value) in fields {
            switch key {
            case "name" where m.name == nil: m.name = value
            case "version" where m.version == nil: m.version = value.isEmpty ? nil : value
            case "requires-dist": m.requiresDist.append(value)
            case "requires-python": m.requiresPython = value
            default: break
            }
        }
        return m
    }

    /// RECORD's paths (the first CSV column, quotes removed), relative to the site-packages folder. Byte-level:
    /// an nvidia wheel's RECORD has thousands of lines.
    public static func record(_ text: String) -> [String] {
        var out: [String] = []
        var utf8 = text.utf8[...]
        while !utf8.isEmpty {
            let line = utf8.prefix { $0 != 0x0A }
            utf8 = utf8.dropFirst(line.count + 1)
            var body = line
            if body.last == 0x0D { body = body.dropLast() }
            guard !body.isEmpty else { continue }
            let field: Substring.UTF8View.SubSequence
            if body.first == 0x22 {
                let rest = body.dropFirst()
                field = rest.prefix { $0 != 0x22 }
            } else {
                field = body.prefix { $0 != 0x2C }
            }
            if let path = String(field) { out.append(path) }
        }
        return out
    }

    /// Whether a relative path has "." or ".." components or doubled slashes (only those need normalising).
    static func needsNormalising(_ path: String) -> Bool {
        var previous: UInt8 = 0x2F
        for b in path.utf8 {
            if previous == 0x2F && (b == 0x2E || b == 0x2F) { return true }
            previous = b
        }
        return false
    }

    /// A `Requires-Dist` value: "cuda-toolkit[cublas,cudart]==13.2.2; platform_system == \"Linux\"".
    public static func requirement(_ text: String) -> (
        name: String, extras: [String], specifier: String, marker: String?
    )? {
        var body = Substring(text)
        var marker: String?
        if let semi = body.firstIndex(of: ";") {
            marker = TextScan.trim(String(body[body.index(after: semi)...]))
            body = body[..<semi]
        }
        body = Substring(TextScan.trim(String(body)))
        let name = body.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        guard !name.isEmpty else { return nil }
        var rest = body.dropFirst(name.count).drop { $0 == " " }
        var extras: [String] = []
        if rest.first == "[", let close = rest.firstIndex(of: "]") {
            extras = rest[rest.index(after: rest.startIndex)..<close].split(separator: ",").map {
                Distribution.normalise(TextScan.trim(String($0)))
            }.filter { !$0.isEmpty }
            rest = rest[rest.index(after: close)...]
        }
        var spec = TextScan.trim(String(rest))
        if spec.hasPrefix("@") { spec = "" }  // a direct reference: no version to check
        if spec.hasPrefix("("), spec.hasSuffix(")") { spec = TextScan.trim(String(spec.dropFirst().dropLast())) }
        return (
            Distribution.normalise(String(name)), extras, spec.replacingSpaces, marker.flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    /// `torch/version.py` and the like: top-level `name = 'value'` / `name: Optional[str] = None` / `= True`
    /// assignments (indented lines, computed values and anything else are skipped).
    public static func versionFile(_ text: String, path: String) -> BuildFacts {
        var facts = BuildFacts(path: path)
        for line in TextScan.lines(text) {
            guard let first = line.first, first.isLetter || first == "_", let eq = line.firstIndex(of: "=") else {
                continue
            }
            var lhs = String(line[..<eq])
            if let colon = lhs.firstIndex(of: ":") { lhs = String(lhs[..<colon]) }
            let key = TextScan.trim(lhs)
            let rhs = TextScan.trim(String(line[line.index(after: eq)...]))
            guard !rhs.hasPrefix("=") else { continue }
            let value = literal(rhs)
            switch key {
            case "__version__": facts.version = value.string
            case "cuda": facts.cuda = value.string
            case "hip": facts.hip = value.string
            case "git_version": facts.gitVersion = value.string
            case "debug": facts.debug = value.bool
            default: break
            }
        }
        return facts
    }

    enum Literal {
        case string(String)
        case bool(Bool)
        case none
        case other

        var string: String? {
            if case .string(let s) = self { return s }
            return nil
        }
        var bool: Bool? {
            if case .bool(let b) = self { return b }
            return nil
        }
    }

    static func literal(_ text: String) -> Literal {
        var t = Substring(text)
        if let hash = t.firstIndex(of: "#"), !(t.first == "'" || t.first == "\"") { t = t[..<hash] }
        let s = TextScan.trim(String(t))
        if s == "None" { return .none }
        if s == "True" { return .bool(true) }
        if s == "False" { return .bool(false) }
        guard let q = s.first, q == "'" || q == "\"" else { return .other }
        let body = s.dropFirst()
        guard let close = body.firstIndex(of: q) else { return .other }
        let value = String(body[..<close])
        guard !value.contains("\0"), !value.contains("\\") else { return .other }
        return .string(value)
    }
}

extension String {
    /// Without spaces ("torch >= 2.4 , < 2.6" → "torch>=2.4,<2.6").
    var replacingSpaces: String { String(filter { $0 != " " && $0 != "\t" }) }
}
