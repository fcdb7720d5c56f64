/// A PEP 508 requirement line, the subset dlenv writes into `uv pip install`: a distribution name, optional
/// extras, then a version specifier or `@ URL`, then optional environment markers.
/// Source: https://peps.python.org/pep-0508/ (names: letters, digits, `.`, `_`, `-`, starting and ending with a
/// letter or digit).
public struct PythonRequirement: Sendable, Hashable {
    /// The distribution name as written.
    public var name: String
    /// The normalised name (PEP 503: lowercase, runs of `-_.` become `-`).
    public var normalizedName: String
    /// The whole line.
    public var text: String

    /// Parses a requirement line; nil when it is not one (see `problem(in:)` for why).
    public init?(_ text: String) {
        guard Self.problem(in: text) == nil, let name = Self.leadingName(text) else { return nil }
        self.name = name
        self.normalizedName = Self.normalize(name)
        self.text = text
    }

    /// PEP 503 normalisation: lowercase, and each run of `-`, `_`, `.` becomes one `-`.
    public static func normalize(_ name: String) -> String {
        var out = ""
        var lastWasSeparator = false
        for ch in name.lowercased() {
            if ch == "-" || ch == "_" || ch == "." {
                if !lastWasSeparator { out.append("-") }
                lastWasSeparator = true
            } else {
                out.append(ch)
                lastWasSeparator = false
            }
        }
        return out
    }

    static let nameCharacters = FieldGuard.letters + FieldGuard.digits + "._-"
    static let specCharacters = FieldGuard.letters + FieldGuard.digits + ".*+!<>=~,() "
    static let markerCharacters = FieldGuard.letters + FieldGuard.digits + "_.<>=!~\"() "
    static let urlCharacters = FieldGuard.letters + FieldGuard.digits + "._~:/?#@%=+,-!"

    static func leadingName(_ text: String) -> String? {
        let trimmed = text.trimmingSpaces
        let name = String(trimmed.prefix(while: { nameCharacters.contains($0) }))
        guard let first = name.first, let last = name.last, first.isLetter || first.isASCIIDigit,
            last.isLetter || last.isASCIIDigit
        else { return nil }
        return name
    }

    /// Why `text` is not a requirement dlenv accepts, or nil.
    static func problem(in text: String) -> FieldGuard.Problem? {
        let remedy = "write a PEP 508 line such as numpy>=1.26, pandas[parquet]==2.2.*, or name @ https://…"
        let trimmed = text.trimmingSpaces
        if trimmed.hasPrefix("-") {
            return FieldGuard.Problem(
                what: "'\(text)' is a pip option, not a requirement",
                remedy: "set indexes under 'index:' and files under 'requirements:'")
        }
        guard let name = leadingName(trimmed) else {
            return FieldGuard.Problem(what: "'\(text)' does not start with a package name", remedy: remedy)
        }
        var rest = Substring(trimmed.dropFirst(name.count))
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else {
                return FieldGuard.Problem(what: "'\(text)' has an unclosed extras bracket", remedy: remedy)
            }
            let extras = rest[rest.index(after: rest.startIndex)..<close]
            guard FieldGuard.only(String(extras), nameCharacters + ", ") else {
                return FieldGuard.Problem(what: "'\(text)' has invalid extras", remedy: remedy)
            }
            rest = rest[rest.index(after: close)...]
        }
        var marker: Substring = ""
        var hasMarker = false
        if let semicolon = rest.firstIndex(of: ";") {
            hasMarker = true
            marker = rest[rest.index(after: semicolon)...]
            rest = rest[..<semicolon]
        }
        let body = String(rest).trimmingSpaces
        if body.hasPrefix("@") {
            let url = String(body.dropFirst()).trimmingSpaces
            guard url.contains("://"), FieldGuard.only(url, urlCharacters) else {
                return FieldGuard.Problem(what: "'\(text)' has a URL dlenv does not accept", remedy: remedy)
            }
        } else if !FieldGuard.only(body, specCharacters) || !isSpecifierList(body) {
            return FieldGuard.Problem(what: "'\(text)' has an invalid version specifier", remedy: remedy)
        }
        if !FieldGuard.only(String(marker), markerCharacters)
            || (hasMarker && !isMarker(String(marker)))
        {
            return FieldGuard.Problem(what: "'\(text)' has invalid environment markers", remedy: remedy)
        }
        return nil
    }

    /// PEP 440 specifiers separated by commas ("", ">=1.26", "==2.2.*, !=2.2.1", "(>=1,<2)"): each clause an
    /// operator then one version word, so "nu mpy" (a name with a space) is not taken for one.
    static func isSpecifierList(_ body: String) -> Bool {
        var text = body.trimmingSpaces
        if text.hasPrefix("("), text.hasSuffix(")") { text = String(text.dropFirst().dropLast()).trimmingSpaces }
        if text.isEmpty { return true }
        let operators = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"]
        for clause in text.split(separator: ",", omittingEmptySubsequences: false) {
            let c = String(clause).trimmingSpaces
            guard let op = operators.first(where: { c.hasPrefix($0) }) else { return false }
            let version = String(c.dropFirst(op.count)).trimmingSpaces
            let versionCharacters = FieldGuard.letters + FieldGuard.digits + ".*+!"
            guard !version.isEmpty, FieldGuard.only(version, versionCharacters) else { return false }
        }
        return true
    }

    /// The marker variables of PEP 508.
    static let markerVariables: Set<String> = [
        "python_version", "python_full_version", "os_name", "sys_platform", "platform_release", "platform_system",
        "platform_version", "platform_machine", "platform_python_implementation", "implementation_name",
        "implementation_version", "extra", "os.name", "sys.platform", "platform.version", "platform.machine",
        "platform.python_implementation", "python_implementation",
    ]

    /// A PEP 508 marker expression: `var op "value"` comparisons joined by `and` / `or`, with parentheses.
    static func isMarker(_ marker: String) -> Bool {
        var tokens: [String] = []
        let chars = Array(marker)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " {
                i += 1
            } else if c == "\"" {
                guard let end = chars[(i + 1)...].firstIndex(of: "\"") else { return false }
                tokens.append("\"")
                i = end + 1
            } else if c == "(" || c == ")" {
                tokens.append(String(c))
                i += 1
            } else if "<>=!~".contains(c) {
                var op = ""
                while i < chars.count, "<>=!~".contains(chars[i]) {
                    op.append(chars[i])
                    i += 1
                }
                guard ["<", ">", "<=", ">=", "==", "!=", "~=", "==="].contains(op) else { return false }
                tokens.append("op")
            } else {
                var word = ""
                while i < chars.count, !" \"()<>=!~".contains(chars[i]) {
                    word.append(chars[i])
                    i += 1
                }
                tokens.append(word)
            }
        }
        // expr := term (("and" | "or") term)*; term := "(" expr ")" | value op value, with value a variable or
        // a quoted string, and "in" / "not in" as operators.
        var pos = 0
        func value() -> Bool {
            guard pos < tokens.count, tokens[pos] == "\"" || markerVariables.contains(tokens[pos]) else { return false }
            pos += 1
            return true
        }
        func comparison() -> Bool {
            guard value(), pos < tokens.count else { return false }
            if tokens[pos] == "op" || tokens[pos] == "in" {
                pos += 1
            } else if tokens[pos] == "not", pos + 1 < tokens.count, tokens[pos + 1] == "in" {
                pos += 2
            } else {
                return false
            }
            return value()
        }
        func expression() -> Bool {
            repeat {
                if pos < tokens.count, tokens[pos] == "(" {
                    pos += 1
                    guard expression(), pos < tokens.count, tokens[pos] == ")" else { return false }
                    pos += 1
                } else if !comparison() {
                    return false
                }
                guard pos < tokens.count, tokens[pos] == "and" || tokens[pos] == "or" else { return true }
                pos += 1
            } while true
        }
        return expression() && pos == tokens.count
    }
}
