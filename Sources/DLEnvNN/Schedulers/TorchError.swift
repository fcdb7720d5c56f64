#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An error torch would raise (building or stepping a scheduler, building an optimizer), with torch's exception type and
/// its message text (so a user sees the reason torch gives).
public struct TorchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Python exception class torch raises.
    public enum Kind: String, Sendable {
        case valueError = "ValueError"
        case typeError = "TypeError"
        case keyError = "KeyError"
        case zeroDivisionError = "ZeroDivisionError"
        case runtimeError = "RuntimeError"
        case overflowError = "OverflowError"
        case notImplementedError = "NotImplementedError"
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// torch's `ValueError` with this message.
    public static func value(_ message: String) -> TorchError { TorchError(.valueError, message) }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// Python's float arithmetic where it differs from Swift's: division by zero raises instead of giving inf.
/// Public for the scheduler-expression interpreter (DLEnvScheduleExpression), which evaluates Python with it.
public enum Py {
    /// `a / b` for Python floats.
    public static func div(_ a: Double, _ b: Double) throws(TorchError) -> Double {
        if b == 0 { throw TorchError(.zeroDivisionError, "float division by zero") }
        return a / b
    }

    /// `a % b` for Python ints (floor modulo).
    public static func mod(_ a: Int, _ b: Int) throws(TorchError) -> Int {
        if b == 0 { throw TorchError(.zeroDivisionError, "integer modulo by zero") }
        let r = a % b
        return (r != 0 && (r < 0) != (b < 0)) ? r + b : r
    }

    /// `a % b` for Python floats (result takes the sign of b).
    public static func fmod(_ a: Double, _ b: Double) throws(TorchError) -> Double {
        if b == 0 {
            let integral = a.rounded() == a && b.rounded() == b
            throw TorchError(.zeroDivisionError, integral ? "integer modulo by zero" : "float modulo")
        }
        var r = a.truncatingRemainder(dividingBy: b)
        if r != 0 && (r < 0) != (b < 0) { r += b }
        return r
    }

    /// `a ** b` for Python floats (C `pow`, as CPython's float_pow uses).
    public static func pow(_ a: Double, _ b: Double) -> Double {
        #if canImport(Darwin)
            return Darwin.pow(a, b)
        #else
            return Glibc.pow(a, b)
        #endif
    }

    /// `math.floor(x)` / `int(x)` as a Python int; infinities and NaN raise as in Python (and values beyond
    /// Int64, which Python would carry as big ints, raise OverflowError here).
    public static func floorInt(_ x: Double, truncating: Bool = false) throws(TorchError) -> Int {
        if x.isNaN { throw TorchError(.valueError, "cannot convert float NaN to integer") }
        if x.isInfinite { throw TorchError(.overflowError, "cannot convert float infinity to integer") }
        let r = truncating ? x.rounded(.towardZero) : x.rounded(.down)
        guard let i = Int(exactly: r) else {
            throw TorchError(.overflowError, "cannot convert float \(repr(x)) to integer")
        }
        return i
    }

    /// `math.cos` (libm).
    public static func cos(_ x: Double) -> Double {
        #if canImport(Darwin)
            return Darwin.cos(x)
        #else
            return Glibc.cos(x)
        #endif
    }

    /// `math.pi`.
    public static let pi = 3.141592653589793

    /// Python's `repr` of a float: shortest round-trip digits, `.0` on integral values, exponent form
    /// outside [1e-4, 1e16) (Swift's `description` agrees except that it uses exponents from 2^53 up).
    public static func repr(_ x: Double) -> String {
        let text = "\(x)"
        let magnitude = Swift.abs(x)
        guard x.isFinite, text.contains("e"), magnitude >= 1e-4, magnitude < 1e16 else { return text }
        let parts = text.split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return text }
        var mantissa = String(parts[0])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let pointOffset = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
        var digits = mantissa.filter { $0 != "." }
        let point = (pointOffset ?? mantissa.count) + exponent
        if point >= digits.count {
            digits += String(repeating: "0", count: point - digits.count)
            return (negative ? "-" : "") + digits + ".0"
        }
        let index = digits.index(digits.startIndex, offsetBy: max(point, 0))
        return (negative ? "-" : "") + String(digits[..<index]) + "." + String(digits[index...])
    }
}

/// `math.log` (libm).
enum PyLog {
    static func log(_ x: Double) -> Double {
        #if canImport(Darwin)
            return Darwin.log(x)
        #else
            return Glibc.log(x)
        #endif
    }
}
