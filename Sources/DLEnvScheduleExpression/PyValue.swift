import DLEnvNN

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value while evaluating a scheduler expression, with Python's int/float distinction (it matters:
/// `epoch // 10` is an int, `1 / 3` a float, and torch checks `isinstance(T_0, int)`).
enum PyValue {
    case int(Int)
    case float(Double)
    case bool(Bool)
    case none
    case string(String)
    case list([PyValue])
    case tuple([PyValue])
    /// A callable: a lambda or a builtin such as `math.cos`.
    case function(name: String, PyFunction)
    case scheduler(LRScheduler)
    case plateau(ReduceLROnPlateau)
    /// The optimizer placeholder (`optimizer`, `opt`): a user may paste it as the first argument.
    case optimizer
    /// A module such as `math` or `torch.optim.lr_scheduler`.
    case namespace(String)

    /// Python's type name, for TypeError messages.
    var typeName: String {
        switch self {
        case .int: return "int"
        case .float: return "float"
        case .bool: return "bool"
        case .none: return "NoneType"
        case .string: return "str"
        case .list: return "list"
        case .tuple: return "tuple"
        case .function: return "function"
        case .scheduler(let s): return "\(type(of: s))"
        case .plateau: return "ReduceLROnPlateau"
        case .optimizer: return "SGD"
        case .namespace: return "module"
        }
    }

    /// The number as a Python float (ints and bools convert), or nil.
    var double: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .float(let v): return v
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// The value as a Python int (bool counts, as `isinstance(True, int)`), or nil.
    var integer: Int? {
        switch self {
        case .int(let v): return v
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    var isTruthy: Bool {
        switch self {
        case .int(let v): return v != 0
        case .float(let v): return v != 0
        case .bool(let b): return b
        case .none: return false
        case .string(let s): return !s.isEmpty
        case .list(let a), .tuple(let a): return !a.isEmpty
        default: return true
        }
    }

    /// Python's `str()` of the value, as torch's f-strings print it.
    var pythonText: String {
        switch self {
        case .int(let v): return "\(v)"
        case .float(let v): return Py.repr(v)
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .string(let s): return s
        case .list(let a): return "[" + a.map(\.reprText).joined(separator: ", ") + "]"
        case .tuple(let a): return "(" + a.map(\.reprText).joined(separator: ", ") + (a.count == 1 ? ",)" : ")")
        case .function(let name, _): return "<function \(name)>"
        case .scheduler(let s): return "<\(type(of: s)) object>"
        case .plateau: return "<ReduceLROnPlateau object>"
        case .optimizer: return "SGD"
        case .namespace(let n): return "<module '\(n)'>"
        }
    }

    /// Python's `repr()` (strings quoted).
    var reprText: String {
        if case .string(let s) = self { return "'\(s)'" }
        return pythonText
    }
}

/// A callable value: positional arguments in, a value out.
struct PyFunction {
    var call: ([PyValue], Int) throws(ExpressionError) -> PyValue
}

/// Python's arithmetic on ints and floats.
enum PyArithmetic {
    static func apply(_ op: String, _ a: PyValue, _ b: PyValue, column: Int) throws(ExpressionError) -> PyValue {
        func fail(_ kind: TorchError.Kind, _ message: String) -> ExpressionError {
            ExpressionError(.torch(kind), message, column: column)
        }
        if case .string(let x) = a, case .string(let y) = b, op == "+" { return .string(x + y) }
        if case .list(let x) = a, case .list(let y) = b, op == "+" { return .list(x + y) }
        guard let x = a.double, let y = b.double else {
            throw fail(.typeError, "unsupported operand type(s) for \(op): '\(a.typeName)' and '\(b.typeName)'")
        }
        if let i = a.integer, let j = b.integer {
            switch op {
            case "+":
                let (r, o) = i.addingReportingOverflow(j)
                return o ? .float(x + y) : .int(r)
            case "-":
                let (r, o) = i.subtractingReportingOverflow(j)
                return o ? .float(x - y) : .int(r)
            case "*":
                let (r, o) = i.multipliedReportingOverflow(by: j)
                return o ? .float(x * y) : .int(r)
            case "/":
                if j == 0 { throw fail(.zeroDivisionError, "division by zero") }
                return .float(x / y)
            case "//":
                if j == 0 { throw fail(.zeroDivisionError, "integer division or modulo by zero") }
                if i == Int.min && j == -1 { return .float(-Double(i)) }
                let q = i / j
                return .int((i % j != 0 && (i < 0) != (j < 0)) ? q - 1 : q)
            case "%":
                if j == 0 { throw fail(.zeroDivisionError, "integer modulo by zero") }
                if j == -1 { return .int(0) }
                let r = i % j
                return .int((r != 0 && (r < 0) != (j < 0)) ? r + j : r)
            case "**":
                if j >= 0, let p = integerPower(i, j) { return .int(p) }
                if j < 0 && i == 0 { throw fail(.zeroDivisionError, "0.0 cannot be raised to a negative power") }
                return .float(Py.pow(x, y))
            default: break
            }
        }
        switch op {
        case "+": return .float(x + y)
        case "-": return .float(x - y)
        case "*": return .float(x * y)
        case "/":
            if y == 0 { throw fail(.zeroDivisionError, "float division by zero") }
            return .float(x / y)
        case "//":
            if y == 0 { throw fail(.zeroDivisionError, "float floor division by zero") }
            return .float(floorDivide(x, y))
        case "%":
            if y == 0 { throw fail(.zeroDivisionError, "float modulo") }
            return .float(floorModulo(x, y))
        case "**":
            if x == 0 && y < 0 { throw fail(.zeroDivisionError, "0.0 cannot be raised to a negative power") }
            if x < 0 && y.rounded() != y {
                throw ExpressionError(
                    .unsupported, "a negative number to a fractional power is complex", column: column)
            }
            return .float(Py.pow(x, y))
        default:
            throw ExpressionError(.unsupported, "operator \(op) is not supported", column: column)
        }
    }

    private static func integerPower(_ base: Int, _ exponent: Int) -> Int? {
        var result = 1, b = base, e = exponent
        while e > 0 {
            if e & 1 == 1 {
                let (r, o) = result.multipliedReportingOverflow(by: b)
                if o { return nil }
                result = r
            }
            e >>= 1
            if e > 0 {
                let (s, o) = b.multipliedReportingOverflow(by: b)
                if o { return nil }
                b = s
            }
        }
        return result
    }

    /// CPython's `float_floor_div` (Objects/floatobject.c `_float_div_mod`).
    static func floorDivide(_ vx: Double, _ wx: Double) -> Double {
        var mod = fmod(vx, wx)
        var div = (vx - mod) / wx
        if mod != 0 {
            if (wx < 0) != (mod < 0) {
                mod += wx
                div -= 1.0
            }
        }
        if div != 0 {
            var floordiv = floor(div)
            if div - floordiv > 0.5 { floordiv += 1.0 }
            return floordiv
        }
        return copysign(0.0, vx / wx)
    }

    /// CPython's `float_rem`.
    static func floorModulo(_ vx: Double, _ wx: Double) -> Double {
        var mod = fmod(vx, wx)
        if mod != 0 {
            if (wx < 0) != (mod < 0) { mod += wx }
        } else {
            mod = copysign(0.0, wx)
        }
        return mod
    }

    static func compare(_ op: String, _ a: PyValue, _ b: PyValue, column: Int) throws(ExpressionError) -> Bool {
        if let x = a.double, let y = b.double {
            switch op {
            case "<": return x < y
            case ">": return x > y
            case "<=": return x <= y
            case ">=": return x >= y
            case "==": return x == y
            default: return x != y
            }
        }
        if case .string(let x) = a, case .string(let y) = b {
            switch op {
            case "==": return x == y
            case "!=": return x != y
            default: break
            }
        }
        if op == "==" { return false }
        if op == "!=" { return true }
        throw ExpressionError(
            .torch(.typeError), "'\(op)' not supported between instances of '\(a.typeName)' and '\(b.typeName)'",
            column: column)
    }
}
