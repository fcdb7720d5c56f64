/// The named numbers a workload produces ("std/xavier_tanh" → ten values, "w/lr_1e-5" → one), in the order
/// the workload added them. The core and the twin produce the same names, so they can be compared one by one.
public struct Figures: Sendable, Hashable, Codable {
    public private(set) var names: [String] = []
    public private(set) var values: [String: [Double]] = [:]

    public init() {}

    /// Sets a figure (a list of values).
    public mutating func set(_ name: String, _ list: [Double]) {
        if values[name] == nil { names.append(name) }
        values[name] = list
    }

    /// Sets a one-value figure.
    public mutating func set(_ name: String, _ value: Double) { set(name, [value]) }

    /// Sets a yes/no figure (1 or 0).
    public mutating func set(_ name: String, _ flag: Bool) { set(name, [flag ? 1 : 0]) }

    public subscript(name: String) -> [Double]? { values[name] }

    /// The first value of a figure (NaN when absent, so checks on it fail).
    public func scalar(_ name: String) -> Double { values[name]?.first ?? .nan }

    /// JSON form: one number for a one-value figure, else a list.
    public var json: JSONValue {
        .object(
            Dictionary(
                uniqueKeysWithValues: names.map { name in
                    let v = values[name]!
                    return (name, v.count == 1 ? JSONValue.number(v[0]) : .numbers(v))
                }))
    }

    /// Reads figures from the twin's JSON object (names sorted, as JSON objects have no order).
    public init(json: JSONValue) {
        guard case .object(let o) = json else { return }
        for key in o.keys.sorted() {
            if let n = o[key]?.numbers { set(key, n) }
        }
    }

    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
    public init(from decoder: any Decoder) throws { self.init(json: try JSONValue(from: decoder)) }
}

/// One pass criterion of a workload evaluated on the core's own figures ("std/normal_relu explodes": 8.6e11 > 1e6).
public struct Check: Sendable, Hashable, Codable {
    public var name: String
    public var passed: Bool
    public var detail: String

    public init(_ name: String, _ passed: Bool, _ detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}
