import DLEnvCore

/// The Dockerfile's contexts for text dlenv did not write itself, and the limits of BuildKit's parser.
///
/// - comments: a value is shown through `TextSafety.printable`, so no line break can end the comment;
/// - exec form: a JSON array with every string escaped (`json`), so no quote, backslash or control character
///   can leave its string;
/// - double-quoted words (`LABEL`, `ENV`): `quoted` escapes `"`, `\` and, where asked, `$`;
/// - heredocs and shell lines hold only dlenv's own text; a user's build steps go to a script file in the
///   build context (`ShellSyntax`), never into the Dockerfile.
public enum DockerfileSyntax {
    /// The longest line BuildKit reads: Go's `bufio.Scanner` default token size (64 KiB) less the newline.
    public static let maximumLineBytes = 65_535

    /// A comment line: `# ` and the printable form of `text`.
    public static func comment(_ text: String) -> String {
        "# " + TextSafety.printable(text, limit: .max)
    }

    /// An exec-form JSON array, every argument a JSON string (RFC 8259 escapes, unsafe scalars as `\uXXXX`).
    public static func json(_ arguments: [String]) -> String {
        "[" + arguments.map(jsonString).joined(separator: ", ") + "]"
    }

    /// One JSON string literal.
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if TextSafety.isUnsafe(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A double-quoted word for `LABEL` and `ENV`: `"` and `\` escaped; `$` escaped too unless `expand`
    /// (ENV values may name variables, `$PATH`). Unsafe scalars must have been refused before (`FieldGuard`):
    /// a Dockerfile word has no escape for a newline.
    public static func quoted(_ value: String, expand: Bool = false) -> String {
        var out = "\""
        for ch in value {
            switch ch {
            case "\"", "\\": out += "\\\(ch)"
            case "$" where !expand: out += "\\$"
            default: out.append(ch)
            }
        }
        return out + "\""
    }

    /// Problems BuildKit would have with `text` as a Dockerfile: a line over `maximumLineBytes`, a NUL or
    /// other unsafe scalar (none can come from a spec that passed `FieldGuard`; this is the last guard before
    /// a file is written, so such output is an error instead of a file BuildKit refuses).
    public static func problems(in text: String, file: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let at = SourceLocation(file: file, line: i + 1)
            if line.utf8.count > maximumLineBytes {
                out.append(
                    Diagnostic(
                        .error,
                        "line \(i + 1) of the generated \(file) is \(line.utf8.count) bytes; BuildKit reads at most "
                            + "\(maximumLineBytes)", at: at, remedy: "shorten the spec value that ends up on this line")
                )
            }
            if let bad = TextSafety.firstUnsafe(in: String(line)), bad.scalar != "\t" {
                out.append(
                    Diagnostic(
                        .error, "line \(i + 1) of the generated \(file) holds \(TextSafety.describe(bad.scalar))",
                        at: at, remedy: "remove the character from the spec"))
            }
        }
        return out
    }
}
