import DLEnvCore

/// How a matrix fact is known.
public enum Verification: String, Sendable, Hashable, Codable, CaseIterable {
    /// Read from a real wheel (METADATA, `torch.cuda.get_arch_list()`).
    case wheelMetadata = "wheel-metadata"
    /// From the vendor's release notes or the project's own release files.
    case releaseNotes = "release-notes"
    /// Observed on real hardware.
    case hardware
    /// A third-party copy or report consistent with primary data.
    case secondary
}

/// A value a source disagrees with, recorded next to the one dlenv uses.
public struct Dispute: Sendable, Hashable, Codable {
    public var field: String
    public var value: String
    public var source: String
    /// Why dlenv does not use this value.
    public var whyNot: String

    public init(field: String, value: String, source: String, whyNot: String) {
        self.field = field
        self.value = value
        self.source = source
        self.whyNot = whyNot
    }

    enum CodingKeys: String, CodingKey {
        case field, value, source
        case whyNot = "why_not"
    }
}

/// Where an entry's facts come from, and where the entry is in its file.
public struct Provenance: Sendable, Hashable, Codable {
    /// A URL or "repo:path".
    public var source: String
    public var verified: Verification
    public var note: String?
    public var disputes: [Dispute]
    /// The entry's position in its YAML file.
    public var location: SourceLocation

    public init(
        source: String, verified: Verification, note: String? = nil, disputes: [Dispute] = [],
        location: SourceLocation
    ) {
        self.source = source
        self.verified = verified
        self.note = note
        self.disputes = disputes
        self.location = location
    }
}
