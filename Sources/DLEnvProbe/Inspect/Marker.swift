import DLEnvCore

/// PEP 508 environment markers ("platform_system == \"Linux\" and python_version < \"3.16\"", "extra == 'cublas'"),
/// evaluated for the inspected environment without running its Python: Linux, its Python version, its machine,
/// and the extras other packages asked of this one. A marker that cannot be parsed counts as true (the
/// requirement is then checked rather than silently dropped).
public struct MarkerEnvironment: Sendable, Hashable {
    public var pythonVersion: String
    public var pythonFullVersion: String
    public var machine: String
    public var extras: Set<String>

    public init(python: String?, machine: String = "x86_64", extras: Set<String> = []) {
        let v = python.flatMap(Version.init)
        pythonVersion = v.map(\.majorMinor) ?? "3.12"
        pythonFullVersion = python ?? pythonVersion
        self.machine = machine
        self.extras = extras
    }

    func value(_ name: String) -> String? {
        switch name {
        case "python_version": pythonVersion
        case "python_full_version", "implementation_version": pythonFullVersion
        case "os_name": "posix"
        case "sys_platform": "linux"
        case "platform_system": "Linux"
        case "platform_machine": machine
        case "platform_python_implementation": "CPython"
        case "implementation_name": "cpython"
        case "platform_release", "platform_version": ""
        default: nil
        }
    }

    /// Whether the marker holds; nil when it cannot be parsed.
    public func evaluate(_ marker: String) -> Bool? {
        var parser = MarkerParser(tokens: MarkerParser.tokenize(marker), env: self)
        guard let result = parser.orExpression(), parser.atEnd else { return nil }
        return result
    }
}

/// A small recursive-descent parser: or → and ("or" and)*, and → atom ("and" atom)*, atom → "(" or ")" | value op
/// value.
struct MarkerParser {
    enum Token: Hashable {
        case word(String)
        case string(String)
        case op(String)
        case open, close
    }

    var tokens: [Token]
    var i = 0
    let env: MarkerEnvironment

    init(tokens: [Token]?, env: MarkerEnvironment) {
        self.tokens = tokens ?? [.op("?")]
        self.env = env
    }

    var atEnd: Bool { i == tokens.count }

    static func tokenize(_ text: String) -> [Token]? {
        var out: [Token] = []
        let chars = Array(text)
        var j = 0
        while j < chars.count {
            let c = chars[j]
            if c == " " || c == "\t" {
                j += 1
            } else if c == "(" {
                out.append(.open)
                j += 1
            } else if c == ")" {
                out.append(.close)
                j += 1
            } else if c == "'" || c == "\"" {
                guard let end = chars[(j + 1)...].firstIndex(of: c) else { return nil }
                out.append(.string(String(chars[(j + 1)..<end])))
                j = end + 1
            } else if "=!<>~".contains(c) {
                var k = j
                while k < chars.count, "=!<>~".contains(chars[k]) { k += 1 }
                out.append(.op(String(chars[j..<k])))
                j = k
            } else if c.isLetter || c == "_" {
                var k = j
                while k < chars.count, chars[k].isLetter || chars[k].isNumber || chars[k] == "_" || chars[k] == "." {
                    k += 1
                }
                out.append(.word(String(chars[j..<k])))
                j = k
            } else {
                return nil
            }
        }
        return out
    }

    mutating func orExpression() -> Bool? {
        guard var value = andExpression() else { return nil }
        while i < tokens.count, tokens[i] == .word("or") {
            i += 1
            guard let rhs = andExpression() else { return nil }
            value = value || rhs
        }
        return value
    }

    mutating func andExpression() -> Bool? {
        guard var value = atom() else { return nil }
        while i < tokens.count, tokens[i] == .word("and") {
            i += 1
            guard let rhs = atom() else { return nil }
            value = value && rhs
        }
        return value
    }

    mutating func atom() -> Bool? {
        guard i < tokens.count else { return nil }
        if tokens[i] == .open {
            i += 1
            guard let v = orExpression(), i < tokens.count, tokens[i] == .close else { return nil }
            i += 1
            return v
        }
        guard let lhs = operand() else { return nil }
        guard i < tokens.count else { return nil }
        var op: String
        switch tokens[i] {
        case .op(let o): op = o
        case .word("in"): op = "in"
        case .word("not") where i + 1 < tokens.count && tokens[i + 1] == .word("in"):
            op = "not in"
            i += 1
        default: return nil
        }
        i += 1
        guard let rhs = operand() else { return nil }
        return compare(lhs, op, rhs)
    }

    /// A quoted string, or a marker variable's value (`extra` stays a name: it is compared against the set).
    enum Operand {
        case text(String)
        case extra
    }

    mutating func operand() -> Operand? {
        guard i < tokens.count else { return nil }
        defer { i += 1 }
        switch tokens[i] {
        case .string(let s): return .text(s)
        case .word("extra"): return .extra
        case .word(let w): return .text(env.value(w) ?? "")
        default: return nil
        }
    }

    func compare(_ a: Operand, _ op: String, _ b: Operand) -> Bool? {
        switch (a, b) {
        case (.extra, .text(let name)), (.text(let name), .extra):
            let has = env.extras.contains(Distribution.normalise(name))
            return op == "==" ? has : op == "!=" ? !has : nil
        case (.text(let x), .text(let y)):
            switch op {
            case "in": return y.contains(x)
            case "not in": return !y.contains(x)
            case "===": return x == y
            default: break
            }
            if let vx = Version(x), let vy = Version(y) {
                switch op {
                case "==": return vx == vy
                case "!=": return vx != vy
                case "<": return vx < vy
                case "<=": return vx <= vy
                case ">": return vx > vy
                case ">=": return vx >= vy
                case "~=": return (try? VersionSpec(parsing: "~=\(y)"))?.contains(vx)
                default: return nil
                }
            }
            switch op {
            case "==": return x == y
            case "!=": return x != y
            case "<": return x < y
            case "<=": return x <= y
            case ">": return x > y
            case ">=": return x >= y
            default: return nil
            }
        default:
            return nil
        }
    }
}
