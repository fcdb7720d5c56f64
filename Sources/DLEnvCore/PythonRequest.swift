/// What `--python` names, on every command (uv's habit): a Python version ("3.12", "3.13t" for free-threaded)
/// or an interpreter (a name on PATH such as "python3", or a path such as ".venv/bin/python").
public enum PythonRequest: Sendable, Hashable {
    case version(Version)
    case interpreter(String)

    /// A version when the text is MAJOR.MINOR (optionally with "t"), else an interpreter.
    public init(_ text: String) {
        let t = text.trimmingSpaces
        let digits = t.hasSuffix("t") ? String(t.dropLast()) : t
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2,
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let v = Version(t)
        {
            self = .version(v)
        } else {
            self = .interpreter(t)
        }
    }

    /// The interpreter to run: the path or name itself, or `python3.12` on PATH for a version.
    public var interpreter: String {
        switch self {
        case .interpreter(let path): return path
        case .version(let v): return "python\(v.text)"
        }
    }

    /// The version asked for, when one was (nil for an interpreter, whose version its probe tells).
    public var version: Version? {
        if case .version(let v) = self { return v }
        return nil
    }
}
