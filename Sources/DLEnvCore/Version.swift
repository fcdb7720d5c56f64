/// A dotted version number as tools print them: "2.4.1", "470.82.01", "12.4", "2.4.0+cu121".
///
/// Components compare numerically with missing components read as zero ("12.4" == "12.4.0"), so a driver
/// "470.82.01" sorts after "470.82". The original text is kept for display: drivers keep their leading
/// zeros ("01"). A PEP 440 local tag ("+cu121") is kept but ignored when comparing, as pip does when it
/// checks a `==2.4.0` pin against an installed "2.4.0+cu121". A trailing pre-release marker such as
/// "2.15.0a0" or "2.5.0rc1" sorts before the final release.
public struct Version: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The numeric release components, e.g. [2, 4, 1].
    public let components: [Int]
    /// A pre-release marker ("a0", "rc1") or nil for a final release.
    public let prerelease: String?
    /// The PEP 440 local version label without the "+" ("cu121"), or nil.
    public let local: String?
    /// The text this version was parsed from.
    public let text: String

    /// Parses a version; returns nil when the text is not a dotted version.
    public init?(_ text: String) {
        var body = Substring(text.trimmingSpaces)
        if body.hasPrefix("v") { body = body.dropFirst() }
        guard !body.isEmpty else { return nil }
        var local: String?
        if let plus = body.firstIndex(of: "+") {
            let tag = body[body.index(after: plus)...]
            guard !tag.isEmpty, tag.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" })
            else { return nil }
            local = String(tag)
            body = body[..<plus]
        }
        var components: [Int] = []
        var prerelease: String?
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        for (i, part) in parts.enumerated() {
            let digits = part.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, digits.count <= 9, let value = Int(digits) else { return nil }
            components.append(value)
            let rest = part.dropFirst(digits.count)
            if !rest.isEmpty {
                // Only the last component may carry a pre-release marker such as "0a0", "0rc1", "0b2", "0.dev".
                guard i == parts.count - 1,
                    rest.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) }),
                    rest.first?.isLetter == true
                else { return nil }
                prerelease = String(rest)
            }
        }
        guard components.count <= 6 else { return nil }
        self.components = components
        self.prerelease = prerelease
        self.local = local
        self.text = text.trimmingSpaces
    }

    /// A version from numeric components.
    public init(_ components: Int...) {
        self.components = components
        self.prerelease = nil
        self.local = nil
        self.text = components.map(String.init).joined(separator: ".")
    }

    /// The component at `index`, zero when absent.
    public subscript(_ index: Int) -> Int { index < components.count ? components[index] : 0 }

    /// Major version (first component).
    public var major: Int { self[0] }
    /// Minor version (second component).
    public var minor: Int { self[1] }
    /// Patch version (third component).
    public var patch: Int { self[2] }

    /// The same version without its local tag ("2.4.0+cu121" → "2.4.0").
    public var withoutLocal: Version {
        guard local != nil, let plus = text.firstIndex(of: "+") else { return self }
        return Version(String(text[..<plus])) ?? self
    }

    /// "major.minor" text.
    public var majorMinor: String { "\(major).\(minor)" }

    /// Compares release components (zero-padded), then pre-release (a final release sorts last).
    public static func < (lhs: Version, rhs: Version) -> Bool {
        let n = max(lhs.components.count, rhs.components.count)
        for i in 0..<n where lhs[i] != rhs[i] { return lhs[i] < rhs[i] }
        switch (lhs.prerelease, rhs.prerelease) {
        case (nil, nil), (nil, _?): return false
        case (_?, nil): return true
        case (let a?, let b?): return a < b
        }
    }

    /// Equal when release components (zero-padded) and pre-release marker are equal; the local tag is ignored.
    public static func == (lhs: Version, rhs: Version) -> Bool {
        let n = max(lhs.components.count, rhs.components.count)
        for i in 0..<n where lhs[i] != rhs[i] { return false }
        return lhs.prerelease == rhs.prerelease
    }

    public func hash(into hasher: inout Hasher) {
        var c = components
        while c.count > 1, c.last == 0 { c.removeLast() }
        hasher.combine(c)
        hasher.combine(prerelease)
    }

    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let v = Version(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a version: \(text)")
        }
        self = v
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (Foundation-free).
    package var trimmingSpaces: String {
        let ws: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !ws($0) }), let end = lastIndex(where: { !ws($0) }) else { return "" }
        return String(self[start...end])
    }
}
