/// Text made safe for HTML and SVG, in element content and in double-quoted attribute values: the one escape
/// helper of dlenv's HTML and SVG writers (the report page, `dlenv schedule --plot`, `dlenv fleet report --html`).
public enum HTMLText {
    /// `s` with `&`, `<`, `>` and `"` replaced by their character references (`&` first, so nothing is escaped
    /// twice). dlenv writes every attribute in double quotes, so `'` needs no reference.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}

/// `HTMLText.escape`, short for the page's templates.
func esc(_ s: String) -> String { HTMLText.escape(s) }

/// `HTMLText.escape` of a substring.
func esc(_ s: Substring) -> String { HTMLText.escape(String(s)) }
