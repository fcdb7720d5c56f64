import DLEnvCore

/// The JSON shapes of `dlenv matrix` and `dlenv resolve`, built from the matrix's values. Keys are stable (other
/// tools rely on them); optional values are written as null rather than left out. The CLI prints them (`--json`)
/// and lays its tables out from them.
public enum MatrixJSON {
    public struct Variant: Sendable, Encodable {
        public var name: String
        public var cuda: String?
        public var rocm: String?
        public var cudnn: String?
        public var nccl: String?
        public var arch: [String]
        public var indexURL: String
        public var findLinks: Bool
        public var os: [String]
        public var isDefault: Bool
        public var source: String
        public var verified: String

        public init(_ v: TorchVariant, series: TorchSeries, release: TorchRelease? = nil) {
            name = v.name
            cuda = v.cuda?.text
            rocm = v.rocm?.text
            cudnn = v.cudnn
            nccl = v.nccl
            arch = v.arch
            indexURL = release?.indexURL(for: v) ?? v.indexURL
            findLinks = release?.indexURL == nil ? v.findLinks : false
            os = v.os.map(\.rawValue)
            isDefault = v.name == series.pypiDefault && release?.indexURL == nil
            source = v.provenance.source
            verified = v.provenance.verified.rawValue
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(name, forKey: .name)
            try c.encode(cuda, forKey: .cuda)
            try c.encode(rocm, forKey: .rocm)
            try c.encode(cudnn, forKey: .cudnn)
            try c.encode(nccl, forKey: .nccl)
            try c.encode(arch, forKey: .arch)
            try c.encode(indexURL, forKey: .index_url)
            try c.encode(findLinks, forKey: .find_links)
            try c.encode(os, forKey: .os)
            try c.encode(isDefault, forKey: .default)
            try c.encode(source, forKey: .source)
            try c.encode(verified, forKey: .verified)
        }
        enum Key: String, CodingKey {
            case name, cuda, rocm, cudnn, nccl, arch, index_url, find_links, os, `default`, source, verified
        }
    }

    public struct Torch: Sendable, Encodable {
        public var version: String
        public var series: String
        public var released: String?
        public var python: [String]
        public var pythonWindows: [String]?
        public var torchvision: String?
        public var torchaudio: String?
        public var pypiDefault: String?
        public var variants: [Variant]
        public var source: String
        public var verified: String
        public var note: String?
        public var disputes: [Dispute]
        /// Builds of this release that `dlenv fleet collect` stored results for (from the history database).
        public var verifiedOnHardware: [StackMark] = []

        public init(series s: TorchSeries, release r: TorchRelease, matrix: CompatibilityMatrix) {
            version = r.version.text
            series = s.series.text
            released = r.released
            python = r.python ?? s.python
            pythonWindows = s.pythonWindows
            torchvision = r.torchvision
            torchaudio = r.torchaudio
            variants = matrix.variants(of: r, in: s).map { Variant($0, series: s, release: r) }
            // A release with its own index (the 1.8.2 LTS) was never on PyPI.
            pypiDefault = r.indexURL == nil ? s.pypiDefault : nil
            source = r.provenance.source
            verified = r.provenance.verified.rawValue
            note = r.provenance.note
            disputes = r.provenance.disputes + s.provenance.disputes
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(version, forKey: .version)
            try c.encode(series, forKey: .series)
            try c.encode(released, forKey: .released)
            try c.encode(python, forKey: .python)
            try c.encode(pythonWindows, forKey: .python_windows)
            try c.encode(torchvision, forKey: .torchvision)
            try c.encode(torchaudio, forKey: .torchaudio)
            try c.encode(pypiDefault, forKey: .pypi_default)
            try c.encode(variants, forKey: .variants)
            try c.encode(source, forKey: .source)
            try c.encode(verified, forKey: .verified)
            try c.encode(note, forKey: .note)
            try c.encode(disputes, forKey: .disputes)
            try c.encode(verifiedOnHardware, forKey: .verified_on_hardware)
        }
        enum Key: String, CodingKey {
            case version, series, released, python, python_windows, torchvision, torchaudio, pypi_default, variants
            case source, verified, note, disputes, verified_on_hardware
        }
    }

    /// A verified combination together with its stack key, for `dlenv matrix torch` (`verified_on_hardware`: the
    /// mark's keys and `stack`).
    public struct StackMark: Sendable, Hashable, Encodable {
        public var stack: String
        public var mark: VerifiedMark

        public init(stack: String, mark: VerifiedMark) {
            self.stack = stack
            self.mark = mark
        }

        public func encode(to encoder: any Encoder) throws {
            try mark.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(stack, forKey: .stack)
        }
        enum Key: String, CodingKey { case stack }
    }
}
