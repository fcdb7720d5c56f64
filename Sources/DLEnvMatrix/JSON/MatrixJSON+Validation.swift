import DLEnvCore

extension MatrixJSON {
    /// One `nvidia/cuda` tag (`dlenv matrix list images`).
    public struct ImageTag: Sendable, Encodable {
        public var tag: String
        public var cuda: String
        public var status: String

        public init(tag: String, cuda: String, status: String) {
            self.tag = tag
            self.cuda = cuda
            self.status = status
        }

        /// Every tag of every image, in the matrix's order.
        public static func all(in matrix: CompatibilityMatrix) -> [ImageTag] {
            matrix.images.flatMap { image in
                image.tags.map { ImageTag(tag: $0, cuda: image.cuda.text, status: image.status.rawValue) }
            }
        }
    }

    /// How many entries of each kind the matrix holds.
    public struct Counts: Sendable, Encodable {
        public var torchSeries: Int
        public var torchReleases: Int
        public var torchVariants: Int
        public var cudaToolkits: Int
        public var cudaReleases: Int
        public var gpus: Int
        public var imageTags: Int

        public init(_ m: CompatibilityMatrix) {
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

    /// `dlenv matrix validate`: valid when no diagnostic is an error (warnings allowed).
    public struct Validation: Sendable, Encodable {
        public var valid: Bool
        public var errors: Int
        public var warnings: Int
        public var diagnostics: [Diagnostic]
        public var counts: Counts

        /// What `CompatibilityMatrix.validate(files:)` returned.
        public init(matrix: CompatibilityMatrix, diagnostics: [Diagnostic]) {
            errors = diagnostics.filter { $0.severity == .error }.count
            warnings = diagnostics.count - errors
            valid = errors == 0
            self.diagnostics = diagnostics
            counts = Counts(matrix)
        }
    }
}
