/// What every generated file shares: which Unicode scalars may never reach it raw, and how a value that only
/// ends up in a comment or a message is made printable instead.
///
/// Line breaks are not only `\n` and `\r`: YAML 1.1 also breaks lines at U+0085 (NEL), U+2028 and U+2029,
/// terminals act on C1 controls (U+009B is CSI), and a U+FEFF inside a file is an invisible character that
/// parsers disagree on. All of them are "unsafe" here.
public enum TextSafety {
    /// Whether `scalar` must never be written raw into a generated file.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFEFF
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// The first unsafe scalar of `text` and its offset in scalars, or nil.
    public static func firstUnsafe(in text: String) -> (scalar: Unicode.Scalar, offset: Int)? {
        for (i, s) in text.unicodeScalars.enumerated() where isUnsafe(s) { return (s, i) }
        return nil
    }

    /// A name for an unsafe scalar in messages: "a newline", "the control character U+009B".
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "a newline"
        case "\r": return "a carriage return"
        case "\t": return "a tab"
        default: return "the control character \(codePoint(scalar))"
        }
    }

    /// "U+009B".
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `text` with every unsafe scalar written as `\u{XXXX}` (and a backslash doubled, so the result reads
    /// back unambiguously), cut to `limit` characters with an ellipsis: for comments and messages, where a
    /// value is shown, never interpreted.
    public static func printable(_ text: String, limit: Int = 200) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            guard count < limit else {
                out += "…"
                break
            }
            if isUnsafe(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else if scalar == "\\" {
                out += "\\\\"
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }
}
