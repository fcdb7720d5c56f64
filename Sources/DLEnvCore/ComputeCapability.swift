/// An NVIDIA compute capability ("8.6"), as `torch.cuda.get_device_capability()` returns it as (major, minor).
public struct ComputeCapability: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses "8.6", "86", "sm_86", "sm_90a", "compute_90"; nil otherwise.
    public init?(_ text: String) {
        // Byte-level parsing: this runs for every arch entry and capability of the matrix at each start.
        var bytes = Substring(text).utf8[...]
        while let b = bytes.first, b == 0x20 || b == 0x09 { bytes = bytes.dropFirst() }
        while let b = bytes.last, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { bytes = bytes.dropLast() }
        for prefix in ["sm_", "compute_"] where bytes.starts(with: prefix.utf8) {
            bytes = bytes.dropFirst(prefix.utf8.count)
        }
        // An arch-specific suffix ("a", "f") names the same capability.
        while let b = bytes.last, (0x61...0x7A).contains(b) || (0x41...0x5A).contains(b) { bytes = bytes.dropLast() }
        var major = 0, minor = 0, digits = 0, minorDigits = 0, sawDot = false
        for b in bytes {
            if b == 0x2E {
                guard !sawDot, digits > 0 else { return nil }
                sawDot = true
            } else if (0x30...0x39).contains(b) {
                // Bounded before it can overflow: no capability has more than three digits (issue #18).
                guard digits + minorDigits < 3 else { return nil }
                if sawDot {
                    minor = minor * 10 + Int(b - 0x30)
                    minorDigits += 1
                } else {
                    major = major * 10 + Int(b - 0x30)
                    digits += 1
                }
            } else {
                return nil
            }
        }
        if sawDot {
            guard digits <= 2, minorDigits == 1 else { return nil }
            self.init(major: major, minor: minor)
        } else {
            guard digits >= 2, digits <= 3 else { return nil }
            self.init(major: major / 10, minor: major % 10)
        }
    }

    /// "sm_86".
    public var sm: String { "sm_\(major)\(minor)" }
    /// "compute_86" (PTX).
    public var compute: String { "compute_\(major)\(minor)" }
    /// "8.6".
    public var description: String { "\(major).\(minor)" }

    public static func < (a: ComputeCapability, b: ComputeCapability) -> Bool {
        (a.major, a.minor) < (b.major, b.minor)
    }

    /// Whether SASS compiled for `self` runs on a GPU of capability `gpu`: same major, minor not above the GPU's
    /// (a cubin for X.y runs on X.z, z ≥ y). Exceptions, from the warning pytorch/pytorch PR #166185 added to
    /// torch.cuda: 8.7 (Jetson Orin) is not served by 8.0/8.6 cubins, and 10.1 (Thor before CUDA 13) not by 10.0.
    public func sassRuns(on gpu: ComputeCapability) -> Bool {
        guard major == gpu.major, minor <= gpu.minor else { return false }
        if self == gpu { return true }
        if gpu == ComputeCapability(major: 8, minor: 7) || gpu == ComputeCapability(major: 10, minor: 1) {
            return false
        }
        return true
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = ComputeCapability(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a compute capability: \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// One entry of a compiled arch list: SASS ("sm_86", arch-specific "sm_90a") or PTX ("compute_90").
public struct ArchEntry: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public let capability: ComputeCapability
    /// PTX (`compute_XX`): JIT-compiled by the driver for any GPU at or above this capability.
    public let isPTX: Bool
    /// Arch-specific SASS ("sm_90a", "sm_100a"): features that do not carry to other GPUs; runs only on exactly
    /// that capability.
    public let isArchSpecific: Bool

    public init?(_ text: String) {
        let t = text.trimmingSpaces
        guard t.hasPrefix("sm_") || t.hasPrefix("compute_"), let cc = ComputeCapability(t) else { return nil }
        self.text = t
        self.capability = cc
        self.isPTX = t.hasPrefix("compute_")
        self.isArchSpecific = !isPTX && (t.last?.isLetter ?? false)
    }

    public var description: String { text }

    /// Whether this entry serves a GPU of capability `gpu` natively (SASS, no JIT).
    public func servesNatively(_ gpu: ComputeCapability) -> Bool {
        guard !isPTX else { return false }
        return isArchSpecific ? capability == gpu : capability.sassRuns(on: gpu)
    }

    /// Whether this entry serves `gpu` through the driver's PTX JIT.
    public func servesByJIT(_ gpu: ComputeCapability) -> Bool { isPTX && capability <= gpu }
}
