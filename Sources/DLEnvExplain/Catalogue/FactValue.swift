import DLEnvCore

/// One fact read from a log (or derived from one): a number, a version, a compute capability, a size in bytes or
/// a piece of text. JSON writes numbers and sizes as numbers, versions and capabilities as their text.
public enum FactValue: Sendable, Hashable, Encodable, CustomStringConvertible {
    case int(Int)
    case version(Version)
    case capability(ComputeCapability)
    /// A memory size, in bytes ("2.26 GiB" → 2 426 656 522).
    case bytes(Int64)
    case text(String)

    /// The kind of value, as the catalogue declares and checks it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case int, version, capability, bytes, text
    }

    public var kind: Kind {
        switch self {
        case .int: .int
        case .version: .version
        case .capability: .capability
        case .bytes: .bytes
        case .text: .text
        }
    }

    public var version: Version? {
        if case .version(let v) = self { return v }
        return nil
    }
    public var capability: ComputeCapability? {
        if case .capability(let c) = self { return c }
        return nil
    }
    public var int: Int? {
        if case .int(let i) = self { return i }
        return nil
    }
    public var bytes: Int64? {
        if case .bytes(let b) = self { return b }
        return nil
    }
    public var text: String? {
        if case .text(let t) = self { return t }
        return nil
    }

    /// "11.4", "12.0", "2426656522", the text itself.
    public var description: String {
        switch self {
        case .int(let i): String(i)
        case .version(let v): v.text
        case .capability(let c): c.description
        case .bytes(let b): String(b)
        case .text(let t): t
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let i): try c.encode(i)
        case .bytes(let b): try c.encode(b)
        case .version(let v): try c.encode(v.text)
        case .capability(let cc): try c.encode(cc.description)
        case .text(let t): try c.encode(t)
        }
    }
}

/// The facts of one match, by name ("driver_cuda" → 11.4).
public typealias Facts = [String: FactValue]

/// What a pattern's `{name:type}` capture reads, and the kind of fact it yields.
public enum CaptureType: String, Sendable, Hashable, CaseIterable {
    /// Digits: "0", "802".
    case int
    /// A dotted version, with a local tag: "470.86", "12.8", "2.4.1+cu121".
    case version
    /// "120" (after `sm_`), "8.6", "3.0": a compute capability.
    case capability
    /// torch's "found version 11040": cuDriverGetVersion(), 1000 × major + 10 × minor → CUDA 11.4.
    case cudaAPI = "cuda_api"
    /// cuDNN's CUDNN_VERSION: 7102 → 7.1.2 (major × 1000 before cuDNN 9), 90100 → 9.1.0 (major × 10000 from 9).
    case cudnnCode = "cudnn_code"
    /// torch's "(8, 5, 0)" → 8.5.0.
    case tupleVersion = "tuple_version"
    /// "2.26 GiB", "512.00 MiB", "0 bytes" → bytes.
    case size
    /// A run of characters up to a space or punctuation (`,;:'"()[]{}<>|`): a symbol, an operator name.
    case word
    /// A file path: up to a space or a quote; at the start of a pattern, the path that ends where the text does.
    case path
    /// Any text up to the next literal part of the pattern (or the end of the line); at the start of a pattern,
    /// the text after the last ": " (or from the line's start).
    case text

    /// The kind of fact the capture yields.
    public var kind: FactValue.Kind {
        switch self {
        case .int: .int
        case .version, .cudaAPI, .cudnnCode, .tupleVersion: .version
        case .capability: .capability
        case .size: .bytes
        case .word, .path, .text: .text
        }
    }

    /// Only these may open a pattern (they are read backwards from the first literal part).
    public var canLead: Bool { self == .path || self == .text }
}
