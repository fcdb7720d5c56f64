/// A JSON document built in Swift: the data block dlenv hands the twin, and figures read back from it.
/// Non-finite numbers travel as the strings "nan", "inf" and "-inf" (JSON has no literal for them).
public enum JSONValue: Sendable, Hashable, Codable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    case number(Double)
    case string(String)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }

    /// A list of numbers.
    public static func numbers(_ values: [Double]) -> JSONValue { .array(values.map { .number($0) }) }
    /// A matrix of numbers (rows).
    public static func matrix(_ rows: [[Double]]) -> JSONValue { .array(rows.map(numbers)) }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let d):
            if d.isFinite { try c.encode(d) } else { try c.encode(d.isNaN ? "nan" : d > 0 ? "inf" : "-inf") }
        case .string(let s): try c.encode(s)
        case .bool(let b): try c.encode(b)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        case .null: try c.encodeNil()
        }
    }

    /// The value as numbers: a number is one value, an array of numbers many; "nan"/"inf" strings decode.
    public var numbers: [Double]? {
        switch self {
        case .number(let d): return [d]
        case .bool(let b): return [b ? 1 : 0]
        case .string(let s): return Self.nonFinite(s).map { [$0] }
        case .array(let a):
            var out: [Double] = []
            for v in a {
                guard let n = v.numbers, n.count == 1 else { return nil }
                out.append(n[0])
            }
            return out
        default: return nil
        }
    }

    static func nonFinite(_ s: String) -> Double? {
        switch s {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: return nil
        }
    }

    /// Member lookup for objects.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}
