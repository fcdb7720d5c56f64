/// Small, allocation-light text helpers shared by the parsers (Foundation-free so they stay fast and total).
enum TextScan {
    static func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\n" || c == "\0" }

    static func trim<S: StringProtocol>(_ s: S) -> String {
        guard let start = s.firstIndex(where: { !isSpace($0) }), let end = s.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(s[start...end])
    }

    /// Lines without their terminators ("\r\n" and "\n"), empty lines kept.
    static func lines(_ text: String) -> [Substring] {
        // "\r\n" is one Character in Swift: split on it too (Python's csv module writes RECORD files with it).
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
    }

    /// Splits "key: value" at the first colon; nil without one.
    static func keyValue<S: StringProtocol>(_ line: S, separator: Character = ":") -> (String, String)? {
        guard let i = line.firstIndex(of: separator) else { return nil }
        return (trim(line[..<i]), trim(line[line.index(after: i)...]))
    }

    /// A dotted version ("550.144.03", "12.4") at the start of the text, or nil; digits only, 1-4 parts.
    static func dottedVersion<S: StringProtocol>(_ s: S, minParts: Int = 1) -> String? {
        let t = trim(s)
        let body = t.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard !body.isEmpty, parts.count >= minParts, parts.count <= 4,
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 9 })
        else { return nil }
        return String(body)
    }

    /// The words of a line, split on runs of spaces and tabs.
    static func words<S: StringProtocol>(_ s: S) -> [String] {
        String(s).split(whereSeparator: { (c: Character) in c == " " || c == "\t" }).map { String($0) }
    }

    /// Whether the text contains the needle, ignoring ASCII case.
    static func containsIgnoringCase(_ text: String, _ needle: String) -> Bool {
        text.lowercased().contains(needle.lowercased())
    }

    /// Values NVIDIA tools print when a field is missing: "[N/A]", "[Not Supported]", "N/A", "ERR!".
    static func isMissing(_ value: String) -> Bool {
        value.isEmpty || value == "N/A" || value == "ERR!" || (value.hasPrefix("[") && value.hasSuffix("]"))
            || value == "(null)"
    }
}
