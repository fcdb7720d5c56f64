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
        if let semicolon = rest.firstIndex(of: ";") {
            marker = rest[rest.index(after: semicolon)...]
            rest = rest[..<semicolon]
        }
        let body = String(rest).trimmingSpaces
        if body.hasPrefix("@") {
            let url = String(body.dropFirst()).trimmingSpaces
            guard url.contains("://"), FieldGuard.only(url, urlCharacters) else {
                return FieldGuard.Problem(what: "'\(text)' has a URL dlenv does not accept", remedy: remedy)
            }
        } else if !FieldGuard.only(body, specCharacters) {
            return FieldGuard.Problem(what: "'\(text)' has an invalid version specifier", remedy: remedy)
        }
        if !FieldGuard.only(String(marker), markerCharacters) {
            return FieldGuard.Problem(what: "'\(text)' has invalid environment markers", remedy: remedy)
        }
        return nil
    }
}
