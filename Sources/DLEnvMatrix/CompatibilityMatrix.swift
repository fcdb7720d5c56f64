import DLEnvCore

/// One matrix file's text and the logical name diagnostics use ("matrices/torch.yaml").
public struct MatrixFile: Sendable, Hashable {
    /// Which matrix a file holds.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case torch, cuda, gpus, images
        /// "torch.yaml".
        public var fileName: String { rawValue + ".yaml" }
    }

    public var name: String
    public var text: String
    /// What the file holds; nil for a file that is not a matrix file.
    public var kind: Kind?

    /// A file whose kind follows from its name ("matrices/torch.yaml" holds torch).
    public init(name: String, text: String) {
        let base = name.split(separator: "/").last.map(String.init) ?? name
        self.init(name: name, text: text, kind: Kind.allCases.first { $0.fileName == base })
    }

    /// A file of a given kind under any name (a test fixture, a file passed on the command line).
    public init(name: String, text: String, kind: Kind?) {
        self.name = name
        self.text = text
        self.kind = kind
    }
}

/// The validated compatibility data of `matrices/*.yaml`: torch releases, CUDA toolkits, GPU models and
/// `nvidia/cuda` images. Build it with `load(files:)`, `load(directory:)` or `embedded()`; query and resolve it.
public struct CompatibilityMatrix: Sendable, Equatable {
    /// torch series, newest first.
    public var series: [TorchSeries]
    public var cudaMajors: [CUDAMajor]
    /// CUDA toolkit minors, newest first.
    public var toolkits: [CUDAToolkit]
    public var architectures: [GPUArchitecture]
    public var gpus: [GPUModel]
    public var images: [BaseImage]
    public var imagePolicy: Provenance?

    /// The files a matrix directory holds.
    public static let fileNames = ["torch.yaml", "cuda.yaml", "gpus.yaml", "images.yaml"]

    /// Parses and validates the files; every problem comes back as a diagnostic (errors and warnings), sorted by
    /// file and line. The matrix holds whatever could be read.
    public static func validate(files: [MatrixFile]) -> (matrix: CompatibilityMatrix, diagnostics: [Diagnostic]) {
        validate(files: files, crossFile: true)
    }

    static func validate(files: [MatrixFile], crossFile: Bool) -> (
        matrix: CompatibilityMatrix, diagnostics: [Diagnostic]
    ) {
        var matrix = CompatibilityMatrix(
            series: [], cudaMajors: [], toolkits: [], architectures: [], gpus: [], images: [], imagePolicy: nil)
        var diagnostics: [Diagnostic] = []
        for kind in MatrixFile.Kind.allCases where !files.contains(where: { $0.kind == kind }) {
            diagnostics.append(
                Diagnostic(
                    .error, "the matrix has no \(kind.fileName)", at: SourceLocation(file: "matrices/\(kind.fileName)"),
                    remedy: "a matrix directory holds \(fileNames.joined(separator: ", "))"))
        }
        for file in files {
            let reader = MatrixReader(file: file.name)
            guard let root = reader.root(file.text) else {
                diagnostics += reader.diagnostics
                continue
            }
            switch file.kind {
            case .torch: matrix.series = TorchDecoder.decode(root, reader: reader)
            case .cuda: (matrix.cudaMajors, matrix.toolkits) = CUDADecoder.decode(root, reader: reader)
            case .gpus: (matrix.architectures, matrix.gpus) = GPUDecoder.decode(root, reader: reader)
            case .images: (matrix.images, matrix.imagePolicy) = ImageDecoder.decode(root, reader: reader)
            case nil:
                reader.warning(
                    "\(file.name) is not a matrix file and is ignored", at: nil,
                    remedy: "matrix files are \(fileNames.joined(separator: ", "))")
            }
            diagnostics += reader.diagnostics
        }
        matrix.series.sort { $0.series > $1.series }
        matrix.toolkits.sort { $0.version > $1.version }
        if crossFile { diagnostics += MatrixValidator(matrix: matrix).crossFileDiagnostics() }
        diagnostics.sort { a, b in
            let la = a.location, lb = b.location
            if la?.file != lb?.file { return (la?.file ?? "") < (lb?.file ?? "") }
            return (la?.line ?? 0, la?.column ?? 0) < (lb?.line ?? 0, lb?.column ?? 0)
        }
        return (matrix, diagnostics)
    }

    /// Parses and validates; throws every error (warnings are dropped) when any error is found.
    public static func load(files: [MatrixFile]) throws(DiagnosticsError) -> CompatibilityMatrix {
        try load(files: files, crossFile: true)
    }

    static func load(files: [MatrixFile], crossFile: Bool) throws(DiagnosticsError) -> CompatibilityMatrix {
        let (matrix, diagnostics) = validate(files: files, crossFile: crossFile)
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { throw DiagnosticsError(errors) }
        return matrix
    }

    /// The matrix compiled into the binary (`EmbeddedMatrices.swift`, generated by scripts/embed-matrices.sh).
    /// The cross-file rules are skipped at run time: a test proves the embedded copy equals matrices/ and that
    /// matrices/ passes every rule (`dlenv matrix validate` still checks everything).
    /// The generated snapshot (`EmbeddedSnapshot.swift`) is used when present: no parsing at all.
    public static func embedded() throws(DiagnosticsError) -> CompatibilityMatrix {
        if let snapshot = EmbeddedSnapshot.matrix { return snapshot }
        return try load(files: EmbeddedMatrices.files, crossFile: false)
    }
}

extension CompatibilityMatrix {
    /// The embedded matrix files (for `dlenv matrix validate` without a directory).
    public static var embeddedFiles: [MatrixFile] { EmbeddedMatrices.files }
}
