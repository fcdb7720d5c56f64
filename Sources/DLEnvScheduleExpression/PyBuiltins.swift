import DLEnvNN

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The builtins and `math` functions a schedule lambda may use, with Python's results and errors.
enum PyBuiltins {
    static let names = ["min", "max", "abs", "float", "int", "round", "pow"]
    static let mathNames = [
        "pi", "e", "tau", "inf", "cos", "sin", "tan", "acos", "asin", "atan", "cosh", "sinh", "tanh", "exp", "log",
        "log2", "log10", "log1p", "expm1", "sqrt", "pow", "floor", "ceil", "fabs", "trunc",
    ]

    static func mathConstant(_ name: String) -> PyValue? {
        switch name {
        case "pi": return .float(Py.pi)
        case "e": return .float(2.718281828459045)
        case "tau": return .float(6.283185307179586)
        case "inf": return .float(.infinity)
        default: return nil
        }
    }

    private static func number(_ v: PyValue, _ fn: String, column: Int) throws(ExpressionError) -> Double {
        guard let x = v.double else {
            throw ExpressionError(
                .torch(.typeError), "must be real number, not \(v.typeName)", column: column)
        }
        return x
    }

    private static func unary(
        _ name: String, domain: @escaping (Double) -> Bool = { _ in true }, _ f: @escaping (Double) -> Double
    ) -> PyFunction {
        PyFunction { (args: [PyValue], column: Int) throws(ExpressionError) -> PyValue in
            guard args.count == 1 else {
                throw ExpressionError(
                    .torch(.typeError), "math.\(name)() takes exactly one argument (\(args.count) given)",
                    column: column)
            }
            let x = try number(args[0], name, column: column)
            guard domain(x) else { throw ExpressionError(.torch(.valueError), "math domain error", column: column) }
            return .float(f(x))
        }
    }

    static func mathFunction(_ name: String) -> PyFunction? {
        switch name {
        case "cos": return unary(name) { cos($0) }
        case "sin": return unary(name) { sin($0) }
        case "tan": return unary(name) { tan($0) }
        case "acos": return unary(name, domain: { abs($0) <= 1 }) { acos($0) }
        case "asin": return unary(name, domain: { abs($0) <= 1 }) { asin($0) }
        case "atan": return unary(name) { atan($0) }
        case "cosh": return unary(name) { cosh($0) }
        case "sinh": return unary(name) { sinh($0) }
        case "tanh": return unary(name) { tanh($0) }
        case "exp": return unary(name) { exp($0) }
        case "expm1": return unary(name) { expm1($0) }
        case "log1p": return unary(name, domain: { $0 > -1 }) { log1p($0) }
        case "log2": return unary(name, domain: { $0 > 0 }) { log2($0) }
        case "log10": return unary(name, domain: { $0 > 0 }) { log10($0) }
        case "sqrt": return unary(name, domain: { $0 >= 0 }) { sqrt($0) }
        case "fabs": return unary(name) { fabs($0) }
        case "log":
            return PyFunction { (args: [PyValue], column: Int) throws(ExpressionError) -> PyValue in
                guard args.count == 1 || args.count == 2 else {
                    throw ExpressionError(
                        .torch(.typeError), "log expected 1 or 2 arguments, got \(args.count)", column: column)
                }
                let x = try number(args[0], name, column: column)
                guard x > 0 else { throw ExpressionError(.torch(.valueError), "math domain error", column: column) }
                if args.count == 1 { return .float(log(x)) }
                let b = try number(args[1], name, column: column)
                guard b > 0 else { throw ExpressionError(.torch(.valueError), "math domain error", column: column) }
                if log(b) == 0 {
                    throw ExpressionError(.torch(.zeroDivisionError), "float division by zero", column: column)
                }
                return .float(log(x) / log(b))
            }
        case "pow":
            return PyFunction { (args: [PyValue], column: Int) throws(ExpressionError) -> PyValue in
                guard args.count == 2 else {
                    throw ExpressionError(
                        .torch(.typeError), "pow expected 2 arguments, got \(args.count)", column: column)
                }
                let x = try number(args[0], name, column: column), y = try number(args[1], name, column: column)
                if x == 0 && y < 0 { throw ExpressionError(.torch(.valueError), "math domain error", column: column) }
                if x < 0 && y.rounded() != y {
                    throw ExpressionError(.torch(.valueError), "math domain error", column: column)
                }
                return .float(Py.pow(x, y))
            }
        case "floor", "ceil", "trunc":
            return PyFunction { (args: [PyValue], column: Int) throws(ExpressionError) -> PyValue in
                guard args.count == 1 else {
                    throw ExpressionError(
                        .torch(.typeError), "math.\(name)() takes exactly one argument (\(args.count) given)",
                        column: column)
                }
                if let i = args[0].integer { return .int(i) }
                let x = try number(args[0], name, column: column)
                let r = name == "floor" ? x.rounded(.down) : name == "ceil" ? x.rounded(.up) : x.rounded(.towardZero)
                guard r.isFinite, let i = Int(exactly: r) else {
                    throw ExpressionError(
                        .torch(.valueError), "cannot convert float \(Py.repr(x)) to integer", column: column)
                }
                return .int(i)
            }
        default: return nil
        }
    }

    static func function(_ name: String) -> PyFunction? {
        switch name {
        case "min", "max":
            return PyFunction { (args: [PyValue], column: Int) throws(ExpressionError) -> PyValue in
                var items = args
                if args.count == 1, case .list(let inner) = args[0] { items = inner }
                if args.count == 1, case .tuple(let inner) = args[0] { items = inner }
                guard var best = items.first else {
                    throw ExpressionError(
                        .torch(.valueError), "\(name)() iterable argument is empty", column: column)
                }
                for item in items.dropFirst() {
                    // Python keeps the first of equal values.
                    let better = try PyArithmetic.compare(name == "min" ? "<" : ">", item, best, column: column)
                    if better { best = item }
                }
                return best
            }
        case "abs":
            return PyFunction { (args: [PyValue], column: Int) throws(ExpressionError) -> PyValue in
                guard args.count == 1 else {
                    throw ExpressionError(
                        .torch(.typeError), "abs() takes exactly one argument (\(args.count) given)", column: column)
                }
                switch args[0] {
                case .int(let v): return v == Int.min ? .float(-Double(v)) : .int(Swift.abs(v))
                case .bool(let b): return .int(b ? 1 : 0)
                case .float(let v): return .float(Swift.abs(v))
                default:
                    throw ExpressionError(
                        .torch(.typeError), "bad operand type for abs(): '\(args[0].typeName)'", column: column)
                }
            }
        case "float":
            return PyFunction { (args: [PyValue], column: Int) throws(ExpressionError) -> PyValue in
                if args.isEmpty { return .float(0) }
                if case .string(let s) = args[0], let v = Double(s) { return .float(v) }
                return .float(try number(args[0], name, column: column))
            }
        case "int":
            return PyFunction { (args: [PyValue], column: Int) throws(ExpressionError) -> PyValue in
                if args.isEmpty { return .int(0) }
                if let i = args[0].integer { return .int(i) }
                let x = try number(args[0], name, column: column)
                guard x.isFinite, let i = Int(exactly: x.rounded(.towardZero)) else {
                    throw ExpressionError(
                        .torch(.valueError), "cannot convert float \(Py.repr(x)) to integer", column: column)
                }
                return .int(i)
            }
        case "round":
            return PyFunction { (args: [PyValue], column: Int) throws(ExpressionError) -> PyValue in
                guard args.count == 1 || args.count == 2 else {
                    throw ExpressionError(
                        .torch(.typeError), "round() takes at most 2 arguments (\(args.count) given)", column: column)
                }
                if let i = args[0].integer, args.count == 1 { return .int(i) }
                let x = try number(args[0], name, column: column)
                if args.count == 1 {
                    guard let i = Int(exactly: x.rounded(.toNearestOrEven)) else {
                        throw ExpressionError(
                            .torch(.valueError), "cannot convert float \(Py.repr(x)) to integer", column: column)
                    }
                    return .int(i)
                }
                guard let digits = args[1].integer else {
                    throw ExpressionError(
                        .torch(.typeError), "'\(args[1].typeName)' object cannot be interpreted as an integer",
                        column: column)
                }
                // CPython rounds through the decimal string; scaling is exact for the usual few digits.
                let scale = Py.pow(10, Double(digits))
                return .float((x * scale).rounded(.toNearestOrEven) / scale)
            }
        case "pow":
            return PyFunction { (args: [PyValue], column: Int) throws(ExpressionError) -> PyValue in
                guard args.count == 2 else {
                    throw ExpressionError(
                        .torch(.typeError), "pow expected 2 arguments, got \(args.count)", column: column)
                }
                return try PyArithmetic.apply("**", args[0], args[1], column: column)
            }
        default: return nil
        }
    }
}
