import DLEnvCore

extension MatrixJSON {
    public struct Floor: Sendable, Encodable {
        public var linux: String?
        public var windows: String?
        public init(_ floor: DriverFloor?) {
            linux = floor?.linux?.text
            windows = floor?.windows?.text
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(linux, forKey: .linux)
            try c.encode(windows, forKey: .windows)
        }
        enum Key: String, CodingKey { case linux, windows }
    }

    public struct CUDA: Sendable, Encodable {
        public var version: String
        public var label: String
        public var minDriver: Floor
        public var minorVersionMinDriver: Floor
        public var computeCapabilities: [String]
        public var releases: [String]
        public var source: String
        public var verified: String
        public var note: String?

        public init(toolkit t: CUDAToolkit, release r: CUDARelease, matrix: CompatibilityMatrix) {
            version = r.version.text
            label = r.label
            minDriver = Floor(r.minDriver)
            let major = matrix.cudaMajor(t.version.major)
            // Before CUDA 11 there is no minor-version compatibility: the floor is the toolkit's own driver.
            minorVersionMinDriver = Floor(major?.minorVersionMinDriver ?? t.ga?.minDriver)
            computeCapabilities = t.computeCapabilities.map(\.description)
            releases = t.releases.map(\.version.text)
            source = r.provenance.source
            verified = r.provenance.verified.rawValue
            note = r.provenance.note ?? major?.provenance.note
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(version, forKey: .version)
            try c.encode(label, forKey: .label)
            try c.encode(minDriver, forKey: .min_driver)
            try c.encode(minorVersionMinDriver, forKey: .minor_version_min_driver)
            try c.encode(computeCapabilities, forKey: .compute_capabilities)
            try c.encode(releases, forKey: .releases)
            try c.encode(source, forKey: .source)
            try c.encode(verified, forKey: .verified)
            try c.encode(note, forKey: .note)
        }
        enum Key: String, CodingKey {
            case version, label, min_driver, minor_version_min_driver, compute_capabilities, releases, source
            case verified, note
        }
    }

    public struct GPU: Sendable, Encodable {
        public var name: String
        public var vendor: String
        public var computeCapability: String?
        public var sm: String?
        public var gfx: String?
        public var architecture: String
        public var aliases: [String]
        public var source: String
        public var verified: String
        public var note: String?

        public init(_ g: GPUModel) {
            name = g.name
            vendor = g.vendor.rawValue
            computeCapability = g.computeCapability?.description
            sm = g.computeCapability?.sm
            gfx = g.gfx
            architecture = g.architecture
            aliases = g.aliases
            source = g.provenance.source
            verified = g.provenance.verified.rawValue
            note = g.provenance.note
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(name, forKey: .name)
            try c.encode(vendor, forKey: .vendor)
            try c.encode(computeCapability, forKey: .compute_capability)
            try c.encode(sm, forKey: .sm)
            try c.encode(gfx, forKey: .gfx)
            try c.encode(architecture, forKey: .architecture)
            try c.encode(aliases, forKey: .aliases)
            try c.encode(source, forKey: .source)
            try c.encode(verified, forKey: .verified)
            try c.encode(note, forKey: .note)
        }
        enum Key: String, CodingKey {
            case name, vendor, compute_capability, sm, gfx, architecture, aliases, source, verified, note
        }
    }
}
