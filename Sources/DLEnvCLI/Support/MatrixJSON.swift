import DLEnvCore
import DLEnvMatrix

/// JSON shapes of `dlenv matrix` and `dlenv resolve`. Keys are stable (other tools rely on them); optional values
/// are written as null rather than left out.
enum MatrixJSON {
    struct Floor: Encodable {
        var linux: String?
        var windows: String?
        init(_ floor: DriverFloor?) {
            linux = floor?.linux?.text
            windows = floor?.windows?.text
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(linux, forKey: .linux)
            try c.encode(windows, forKey: .windows)
        }
        enum Key: String, CodingKey { case linux, windows }
    }

    struct Variant: Encodable {
        var name: String
        var cuda: String?
        var rocm: String?
        var cudnn: String?
        var nccl: String?
        var arch: [String]
        var indexURL: String
        var findLinks: Bool
        var os: [String]
        var isDefault: Bool
        var source: String
        var verified: String

        init(_ v: TorchVariant, series: TorchSeries, release: TorchRelease? = nil) {
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

        func encode(to encoder: any Encoder) throws {
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

    struct Torch: Encodable {
        var version: String
        var series: String
        var released: String?
        var python: [String]
        var pythonWindows: [String]?
        var torchvision: String?
        var torchaudio: String?
        var pypiDefault: String?
        var variants: [Variant]
        var source: String
        var verified: String
        var note: String?
        var disputes: [Dispute]
        /// Builds of this release that `dlenv fleet collect` stored results for (from the history database).
        var verifiedOnHardware: [StoreVerified.StackMark] = []

        init(series s: TorchSeries, release r: TorchRelease, matrix: CompatibilityMatrix) {
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

        func encode(to encoder: any Encoder) throws {
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

    struct CUDA: Encodable {
        var version: String
        var label: String
        var minDriver: Floor
        var minorVersionMinDriver: Floor
        var computeCapabilities: [String]
        var releases: [String]
        var source: String
        var verified: String
        var note: String?

        init(toolkit t: CUDAToolkit, release r: CUDARelease, matrix: CompatibilityMatrix) {
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

        func encode(to encoder: any Encoder) throws {
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

    struct GPU: Encodable {
        var name: String
        var vendor: String
        var computeCapability: String?
        var sm: String?
        var gfx: String?
        var architecture: String
        var aliases: [String]
        var source: String
        var verified: String
        var note: String?

        init(_ g: GPUModel) {
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

        func encode(to encoder: any Encoder) throws {
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

    /// A resolved stack with every key present (null where unknown).
    struct ResolvedStack: Encodable {
        var stack: Stack
        /// The variant's index (also for PyPI's default variant, whose wheel is on both).
        var indexURL: String
        /// GPU × driver combinations `dlenv fleet collect` stored for this stack (empty when none).
        var verifiedOn: [StoreVerified.Mark] = []
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(stack.torch, forKey: .torch)
            try c.encode(stack.torchvision, forKey: .torchvision)
            try c.encode(stack.torchaudio, forKey: .torchaudio)
            try c.encode(stack.python, forKey: .python)
            try c.encode(stack.variant, forKey: .variant)
            try c.encode(stack.cuda, forKey: .cuda)
            try c.encode(stack.rocm, forKey: .rocm)
            try c.encode(stack.cudnn, forKey: .cudnn)
            try c.encode(stack.nccl, forKey: .nccl)
            try c.encode(indexURL, forKey: .index_url)
            try c.encode(stack.pypiDefault, forKey: .pypi_default)
            try c.encode(stack.arch, forKey: .arch)
            try c.encode(stack.minDriverLinux, forKey: .min_driver_linux)
            try c.encode(stack.minDriverWindows, forKey: .min_driver_windows)
            try c.encode(stack.torchWheel, forKey: .wheel)
            try c.encode(verifiedOn, forKey: .verified_on)
        }
        enum Key: String, CodingKey {
            case torch, torchvision, torchaudio, python, variant, cuda, rocm, cudnn, nccl, index_url, pypi_default, arch
            case min_driver_linux, min_driver_windows, wheel, verified_on
        }
    }

    struct Resolve: Encodable {
        var stacks: [ResolvedStack]
        var rejected: [Rejection]
        var notes: [String]
    }
}

extension MatrixJSON {
    struct ImageTag: Encodable {
        var tag: String
        var cuda: String
        var status: String
    }

    struct Counts: Encodable {
        var torchSeries: Int
        var torchReleases: Int
        var torchVariants: Int
        var cudaToolkits: Int
        var cudaReleases: Int
        var gpus: Int
        var imageTags: Int

        init(_ m: CompatibilityMatrix) {
            torchSeries = m.series.count
            torchReleases = m.series.reduce(0) { $0 + $1.releases.count }
            torchVariants = m.series.reduce(0) { $0 + $1.variants.count }
            cudaToolkits = m.toolkits.count
            cudaReleases = m.toolkits.reduce(0) { $0 + $1.releases.count }
            gpus = m.gpus.count
            imageTags = m.images.reduce(0) { $0 + $1.tags.count }
        }

        enum CodingKeys: String, CodingKey {
            case torchSeries = "torch_series"
            case torchReleases = "torch_releases"
            case torchVariants = "torch_variants"
            case cudaToolkits = "cuda_toolkits"
            case cudaReleases = "cuda_releases"
            case gpus
            case imageTags = "image_tags"
        }
    }

    struct Validation: Encodable {
        var valid: Bool
        var errors: Int
        var warnings: Int
        var diagnostics: [Diagnostic]
        var counts: Counts
    }
}
