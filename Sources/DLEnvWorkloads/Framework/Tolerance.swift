import Foundation

/// How a figure of the core is compared with the same figure from torch.
public struct Tolerance: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What is compared.
    public enum Mode: String, Sendable, Hashable, Codable {
        /// |core - torch| <= atol + rtol·|torch| for every value (NaN equals NaN, inf equals the same inf).
        case values
        /// The same on log10 of the values: for quantities that explode or vanish, where core and torch draw
        /// different random numbers and only the order of magnitude is a property both must share.
        case log10
        /// Only reported: the figure depends on random draws the two sides do not share.
        case reportOnly = "report_only"
        /// A bound, not a value: the figure measures rounding (a GEMM's error), so its value depends on the CPU's
        /// kernel; each side passes when its value is ≤ `atol` (NaN fails). The committed figures store the bound.
        case atMost = "at_most"
    }

    public var mode: Mode
    public var rtol: Double
    public var atol: Double

    public init(_ mode: Mode = .values, rtol: Double = 0, atol: Double = 0) {
        self.mode = mode
        self.rtol = rtol
        self.atol = atol
    }

    public static func exact() -> Tolerance { Tolerance(rtol: 0, atol: 0) }
    public static func relative(_ rtol: Double, atol: Double = 0) -> Tolerance { Tolerance(rtol: rtol, atol: atol) }
    public static func orderOfMagnitude(_ decades: Double) -> Tolerance { Tolerance(.log10, atol: decades) }
    public static let reportOnly = Tolerance(.reportOnly)
    /// The figure is an error measurement that must stay ≤ `bound` on every side.
    public static func atMost(_ bound: Double) -> Tolerance { Tolerance(.atMost, atol: bound) }

    public var description: String {
        switch mode {
        case .reportOnly: return "report only"
        case .atMost: return "≤ \(Self.short(atol))"
        case .log10: return "±\(Self.short(atol)) decades"
        case .values:
            if rtol == 0 && atol == 0 { return "exact" }
            var parts: [String] = []
            if rtol > 0 { parts.append("rtol \(Self.short(rtol))") }
            if atol > 0 { parts.append("atol \(Self.short(atol))") }
            return parts.joined(separator: ", ")
        }
    }

    static func short(_ v: Double) -> String {
        if v >= 0.01 && v < 1000 { return String(format: "%g", v) }
        return String(format: "%.0e", v).replacingOccurrences(of: "e-0", with: "e-")
    }

    /// The distance of one pair in this tolerance's terms: 0 when equal, <= 1 when within the tolerance.
    public func distance(_ core: Double, _ torch: Double) -> Double {
        if mode == .atMost { return within(torch) }
        var a = core, b = torch
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : .infinity }
        if a.isInfinite || b.isInfinite { return a == b ? 0 : .infinity }
        if mode == .log10 {
            guard a > 0, b > 0 else { return a == b ? 0 : .infinity }
            a = log10(a)
            b = log10(b)
        }
        let diff = abs(a - b)
        if diff == 0 { return 0 }
        let bound = atol + rtol * abs(b)
        return bound > 0 ? diff / bound : .infinity
    }
}

extension Tolerance {
    /// For `.atMost`: the value in units of the bound (<= 1 passes; NaN never does). 0 for the other modes.
    public func within(_ value: Double) -> Double {
        guard mode == .atMost else { return 0 }
        if value.isNaN { return .infinity }
        if value <= 0 { return 0 }
        return atol > 0 ? value / atol : .infinity
    }
}

/// Tolerances of one workload: the first rule whose prefix starts the figure's name wins; `fallback` otherwise.
public struct ToleranceRules: Sendable, Hashable {
    public var rules: [(prefix: String, tolerance: Tolerance)]
    public var fallback: Tolerance

    public init(_ fallback: Tolerance, _ rules: [(String, Tolerance)] = []) {
        self.fallback = fallback
        self.rules = rules.map { (prefix: $0.0, tolerance: $0.1) }
    }

    public func tolerance(for figure: String) -> Tolerance {
        rules.first { figure.hasPrefix($0.prefix) }?.tolerance ?? fallback
    }

    public static func == (a: ToleranceRules, b: ToleranceRules) -> Bool {
        a.fallback == b.fallback && a.rules.map(\.prefix) == b.rules.map(\.prefix)
            && a.rules.map(\.tolerance) == b.rules.map(\.tolerance)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fallback)
        for r in rules {
            hasher.combine(r.prefix)
            hasher.combine(r.tolerance)
        }
    }
}
