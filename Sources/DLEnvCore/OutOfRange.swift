/// A number from outside (a flag, a file, a tool's output) that does not fit the range dlenv accepts for it
/// (issue #18): the value as written, the range, and where it came from, so the message says all three.
public struct OutOfRange: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the number is ("a time limit", "a compute capability").
    public var what: String
    /// The value as it was written.
    public var value: String
    /// The accepted range in words ("finite seconds above 0 and at most 86400").
    public var range: String
    /// Where it came from: a flag (`--timeout`) or `file:line:col`.
    public var origin: String

    public init(what: String, value: String, range: String, origin: String) {
        self.what = what
        self.value = value
        self.range = range
        self.origin = origin
    }

    public var description: String { "\(origin): \(what) '\(value)' is out of range: \(range)" }
}

/// How long dlenv lets a tool, an interpreter or a server run: seconds, finite, above zero and at most a day.
/// Every `--timeout`-like flag (probe, doctor, check, verify, bench, inspect) is read through `seconds`.
public enum TimeLimit {
    /// The longest limit accepted: a day. Longer is not a limit (and `1e300` s would overflow a deadline).
    public static let maximum: Double = 86_400

    /// The range in words, for messages and docs/limits.md.
    public static let rangeText = "seconds, finite, above 0 and at most \(Int(maximum)) (a day)"

    /// `value` when it is a usable limit; otherwise why not, naming `origin` (the flag).
    public static func seconds(_ value: Double, origin: String) throws(OutOfRange) -> Double {
        guard value.isFinite, value > 0, value <= maximum else {
            throw OutOfRange(what: "a time limit", value: Self.text(value), range: rangeText, origin: origin)
        }
        return value
    }

    /// `nan`, `inf`, `-1`, `1e+300`: as a person would have typed it.
    static func text(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
